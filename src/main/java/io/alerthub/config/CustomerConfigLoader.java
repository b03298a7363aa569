package io.alerthub.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alerthub.model.AlertClassRule;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path.Node;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Reads customer folders: parse (strict Jackson YAML), bean validation, then cross-references and secret resolution;
 * each pass runs only when the previous one found nothing, and every problem of a pass is reported, not the first.
 */
final class CustomerConfigLoader {
    static final String FILE_NAME = "customer.yaml";
    private static final Pattern ALERT_CLASS = Pattern.compile("[a-z0-9_]+");
    private static final ObjectReader READER = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readerFor(CustomerConfig.class);
    private static final ValidatorFactory VALIDATION = Validation.byDefaultProvider().configure()
            // messages are plain text with %s for the value: no expression language evaluated on file content
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();

    private final Path dir;
    private final String displayDir;
    private final SecretResolver secrets;
    private final Validator validator = VALIDATION.getValidator();

    /**
     * @param dir        the customers directory
     * @param displayDir how messages name that directory (the configured value, e.g. {@code customers})
     */
    CustomerConfigLoader(Path dir, String displayDir, SecretResolver secrets) {
        this.dir = dir;
        this.displayDir = displayDir.endsWith("/") ? displayDir.substring(0, displayDir.length() - 1) : displayDir;
        this.secrets = secrets;
    }

    /** What one read of one customer folder produced. */
    record Result(String folder, CustomerConfig config, List<ConfigError> errors, String fingerprint,
                  List<Path> secretFiles) {
        boolean ok() {
            return config != null;
        }
    }

    /** Every customer folder, sorted (hidden folders and plain files are not customers). */
    List<String> folders() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted().toList();
        }
    }

    /** The error reported when the customers directory itself cannot be listed. */
    ConfigError directoryError(IOException e) {
        String why = e instanceof NoSuchFileException ? "does not exist" : "cannot be read (" + e.getClass().getSimpleName() + ")";
        return new ConfigError(displayDir, 0, "", "customers directory " + why + " (alerthub.customers.dir resolves to "
                + ProblemCollector.quote(dir.toAbsolutePath().normalize()) + ")");
    }

    /** Startup: every folder in order, each cross-checked against those accepted before it. */
    Map<String, Result> loadAll(List<ConfigError> errors) {
        Map<String, Result> results = new TreeMap<>();
        List<String> folders;
        try {
            folders = folders();
        } catch (IOException e) {
            errors.add(directoryError(e));
            return results;
        }
        Map<String, CustomerConfig> accepted = new TreeMap<>();
        for (String folder : folders) {
            Result result = load(folder, accepted.values());
            results.put(folder, result);
            errors.addAll(result.errors());
            if (result.ok()) {
                accepted.put(folder, result.config());
            }
        }
        return results;
    }

    /**
     * Reads one customer folder.
     *
     * @param others the other customers currently in service, for checks across files
     */
    Result load(String folder, Collection<CustomerConfig> others) {
        Path folderPath = dir.resolve(folder);
        Path path = folderPath.resolve(FILE_NAME);
        String file = displayDir + "/" + folder + "/" + FILE_NAME;
        byte[] bytes;
        try {
            bytes = withoutByteOrderMark(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return failed(folder, new ConfigError(displayDir + "/" + folder, 0, "", "missing " + FILE_NAME), null);
        } catch (IOException e) {
            return failed(folder, new ConfigError(file, 0, "", "cannot read file (" + e.getClass().getSimpleName() + ")"), null);
        }
        Map<Path, String> secretDigests = new LinkedHashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        Parsed parsed = parse(file, bytes, errors);
        CustomerConfig config = parsed.config();
        if (errors.isEmpty()) {
            validate(file, parsed, errors);
        }
        if (errors.isEmpty()) {
            config = crossCheck(new Checks(file, parsed.paths(), errors), folder, folderPath, config, others,
                    secretDigests);
        }
        String fingerprint = fingerprint(bytes, secretDigests);
        List<Path> secretFiles = List.copyOf(secretDigests.keySet());
        if (!errors.isEmpty()) {
            // a stable order within a file: line-less problems (missing keys at the top) first, then by line
            errors.sort(Comparator.comparingInt(ConfigError::line));
            return new Result(folder, null, List.copyOf(errors), fingerprint, secretFiles);
        }
        return new Result(folder, config, List.of(), fingerprint, secretFiles);
    }

    /** The fingerprint a folder has now, reading the same secret files its last read used. */
    String fingerprint(String folder, List<Path> secretFiles) {
        byte[] bytes;
        try {
            bytes = withoutByteOrderMark(Files.readAllBytes(dir.resolve(folder).resolve(FILE_NAME)));
        } catch (IOException e) {
            bytes = null;
        }
        Map<Path, String> digests = new LinkedHashMap<>();
        for (Path secretFile : secretFiles) {
            digests.put(secretFile, digestOf(secretFile));
        }
        return fingerprint(bytes, digests);
    }

    private Result failed(String folder, ConfigError error, byte[] bytes) {
        return new Result(folder, null, List.of(error), fingerprint(bytes, Map.of()), List.of());
    }

    // ---- pass 1: parse ------------------------------------------------------------------------------------------

    /** The parse pass's result: the bound config (null when it failed) and the line of every path. */
    private record Parsed(CustomerConfig config, YamlPaths paths) {
    }

    private Parsed parse(String file, byte[] bytes, List<ConfigError> errors) {
        YamlPaths paths;
        try (JsonParser parser = READER.createParser(bytes)) {
            paths = YamlPaths.index(parser);
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(file, e));
            return new Parsed(null, YamlPaths.empty());
        } catch (IOException e) {
            errors.add(new ConfigError(file, 0, "", "cannot read file (" + e.getClass().getSimpleName() + ")"));
            return new Parsed(null, YamlPaths.empty());
        }
        ProblemCollector collector = new ProblemCollector(file, paths);
        CustomerConfig config;
        try {
            config = READER.withHandler(collector).withAttribute(ProblemCollector.class, collector).readValue(bytes);
        } catch (JsonMappingException e) {
            errors.addAll(collector.errors());
            errors.add(mappingError(file, paths, e));
            return new Parsed(null, paths);
        } catch (IOException e) {
            errors.addAll(collector.errors());
            errors.add(syntaxError(file, e));
            return new Parsed(null, paths);
        }
        errors.addAll(collector.errors());
        if (config == null && errors.isEmpty()) {
            errors.add(new ConfigError(file, 0, "", "file is empty"));
        }
        return new Parsed(config, paths);
    }

    private static ConfigError syntaxError(String file, IOException e) {
        int line = 0;
        String message;
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException yaml) {
            message = "invalid yaml: " + yaml.getProblem();
            line = yaml.getProblemMark() == null ? 0 : yaml.getProblemMark().getLine() + 1;
        } else if (e instanceof JsonProcessingException j) {
            String original = firstLine(j.getOriginalMessage());
            java.util.regex.Matcher duplicate = Pattern.compile("Duplicate field '(.*)'").matcher(original);
            message = duplicate.lookingAt() ? "duplicate key " + ProblemCollector.quote(duplicate.group(1))
                    : "invalid yaml: " + ProblemCollector.lowerFirst(original);
            line = j.getLocation() == null ? 0 : j.getLocation().getLineNr();
        } else {
            message = "cannot read file (" + e.getClass().getSimpleName() + ")";
        }
        return new ConfigError(file, Math.max(line, 0), "", message);
    }

    private static ConfigError mappingError(String file, YamlPaths paths, JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            String sofar = path.toString();
            path.setLength(0);
            path.append(ref.getFieldName() != null ? YamlPaths.child(sofar, ref.getFieldName())
                    : YamlPaths.index(sofar, ref.getIndex()));
        }
        String original = firstLine(e.getOriginalMessage());
        java.util.regex.Matcher fraction = Pattern.compile("Cannot coerce Floating-point value \\(([^)]*)\\)")
                .matcher(original);
        String message;
        if (original.startsWith("Trailing token")) {
            message = "only one yaml document is allowed per file";
        } else if (original.startsWith("No content to map")) {
            return new ConfigError(file, 0, "", "file is empty");
        } else if (fraction.lookingAt()) {
            message = "expected a whole number, got " + fraction.group(1);
        } else {
            message = ProblemCollector.lowerFirst(original);
        }
        int line = paths.lineOf(path.toString());
        if (line == 0 && e.getLocation() != null) {
            line = Math.max(e.getLocation().getLineNr(), 0);
        }
        return new ConfigError(file, line, path.toString(), message);
    }

    // ---- pass 2: bean validation --------------------------------------------------------------------------------

    private void validate(String file, Parsed parsed, List<ConfigError> errors) {
        YamlPaths paths = parsed.paths();
        List<ConfigError> found = new ArrayList<>();
        for (ConstraintViolation<CustomerConfig> violation : validator.validate(parsed.config())) {
            String path = pathOf(violation.getPropertyPath());
            String message = violation.getMessage();
            if (message.contains("%s")) {
                Object value = violation.getInvalidValue();
                message = message.replace("%s", value instanceof CharSequence ? ProblemCollector.quote(value)
                        : String.valueOf(value));
            }
            found.add(new ConfigError(file, paths.lineOf(path), path, message));
        }
        // violations come as a set: order them by line, then path, so the list (and the tests) are stable
        found.sort(Comparator.comparingInt(ConfigError::line).thenComparing(ConfigError::path)
                .thenComparing(ConfigError::message));
        errors.addAll(found);
    }

    private static String pathOf(jakarta.validation.Path propertyPath) {
        StringBuilder path = new StringBuilder();
        for (Node node : propertyPath) {
            if (node.isInIterable() && node.getIndex() == null && node.getKey() != null) {
                // a map entry is a YAML key (ingest.mappings.acme-erp), as the parser and pass 3 name it
                path.replace(0, path.length(), YamlPaths.child(path.toString(), String.valueOf(node.getKey())));
            } else if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                path.replace(0, path.length(), YamlPaths.child(path.toString(), node.getName()));
            }
        }
        return path.toString();
    }

    // ---- pass 3: cross-references and secrets -------------------------------------------------------------------

    /** Where pass 3 reports: the file, its path lines, and the error list. */
    private record Checks(String file, YamlPaths paths, List<ConfigError> errors) {
        void add(String path, String message) {
            errors.add(new ConfigError(file, paths.lineOf(path), path, message));
        }
    }

    private CustomerConfig crossCheck(Checks checks, String folder, Path folderPath, CustomerConfig config,
            Collection<CustomerConfig> others, Map<Path, String> secretDigests) {
        if (!config.id().equals(folder)) {
            checks.add("id", "id " + ProblemCollector.quote(config.id()) + " must equal its folder name "
                    + ProblemCollector.quote(folder));
        }
        checkHostNames(checks, config.hosts());
        checkAlertClasses(checks, config.alertClasses());
        config.snsSettings().ifPresent(sns -> checkSns(checks, sns, config.hosts()));
        config.quietHoursSettings().ifPresent(quiet -> TimeIntervalSyntax.check(quiet, checks::add));
        config.incidents().check(checks::add);
        config.ingest().check(checks::add);
        config.correlation().check(checks::add);
        checkMaintenance(checks, config);
        config.flapping().check(checks::add);
        for (int i = 0; i < config.inhibitRules().size(); i++) {
            if (config.inhibitRules().get(i) != null) {
                config.inhibitRules().get(i).check("inhibitRules[" + i + "]", checks::add);
            }
        }
        List<IngestCredential> resolved = new ArrayList<>();
        List<IngestCredential> auth = config.ingest().auth();
        for (int i = 0; i < auth.size(); i++) {
            IngestCredential credential = auth.get(i);
            String path = "ingest.auth[" + i + "]";
            if (credential instanceof HmacCredential hmac && hmac.header().equalsIgnoreCase(hmac.timestampHeader())) {
                checks.add(path + ".timestampHeader", "timestamp header " + ProblemCollector.quote(hmac.timestampHeader())
                        + " must differ from the signature header");
            }
            String secretPath = YamlPaths.child(path, credential.secretKey());
            Path secretFile = secrets.fileOf(credential.secret(), folderPath);
            if (secretFile != null && credential.secret().env() == null) {
                secretDigests.put(secretFile, digestOf(secretFile));
            }
            try {
                Secret secret = secrets.resolve(credential.secret(), folderPath);
                sharedWith(secret, others).ifPresent(owner -> checks.add(secretPath, "same secret as customer "
                        + ProblemCollector.quote(owner) + " (each customer needs its own credential)"));
                resolved.add(credential.withSecret(secret));
            } catch (SecretResolver.Unresolved e) {
                checks.add(e.key().isEmpty() ? secretPath : YamlPaths.child(secretPath, e.key()), e.getMessage());
            }
        }
        MailConfig mail = config.mail() == null ? null : checkMail(checks, folderPath, config.mail(), secretDigests);
        SqsConfig queue = config.sns() == null || config.sns().sqs() == null ? null
                : checkSqs(checks, folderPath, config.sns(), others, secretDigests);
        NotificationsConfig notifications = config.notifications() == null ? null
                : checkNotifications(checks, folderPath, config.notifications(), secretDigests);
        if (!checks.errors().isEmpty()) {
            return null;
        }
        List<HostConfig> hosts = checkSsh(checks, config.hosts(), folderPath, secretDigests);
        if (!checks.errors().isEmpty()) {
            return null;
        }
        CustomerConfig withAuth = config.withIngest(config.ingest().withAuth(resolved)).withHosts(hosts);
        if (queue != null) {
            withAuth = withAuth.withSns(config.sns().withSqs(queue));
        }
        if (notifications != null) {
            withAuth = withAuth.withNotifications(notifications);
        }
        return mail == null ? withAuth : withAuth.withMail(mail);
    }

    // ---- SQS queue (sns.sqs, docs/sources/aws-sns.md) ------------------------------------------------------------

    /** Checks the queue's address and format against the topics and the other customers, resolves its keys. */
    private SqsConfig checkSqs(Checks checks, Path folderPath, SnsConfig sns, Collection<CustomerConfig> others,
            Map<Path, String> secretDigests) {
        SqsConfig sqs = sns.sqs();
        String path = "sns.sqs";
        if (!validQueue(sqs.queue())) {
            checks.add(path + ".queue", "invalid queue " + ProblemCollector.quote(sqs.queue()) + " (valid: a queue URL"
                    + " \"https://sqs.<region>.amazonaws.com/<account>/<name>\" or a queue name of letters, digits,"
                    + " \"-\" and \"_\", at most 80 characters, \".fifo\" allowed at the end)");
        } else {
            others.stream().filter(o -> o.sns() != null && o.sns().sqs() != null && sameQueue(o.sns().sqs(), sqs))
                    .map(CustomerConfig::id).findFirst()
                    .ifPresent(owner -> checks.add(path + ".queue", "same queue as customer " + ProblemCollector.quote(owner)
                            + " (each customer needs its own queue)"));
        }
        if (sqs.messageFormat() == SqsConfig.MessageFormat.SNS && sns.topics().isEmpty()) {
            // the default format may not be written in the file: then the section itself is at fault
            String at = checks.paths().lineOf(path + ".messageFormat") != checks.paths().lineOf(path)
                    ? path + ".messageFormat" : path;
            checks.add(at, "messageFormat \"sns\" needs at least one topic in sns.topics"
                    + " (or use \"raw\")");
        }
        if (sqs.visibilityDuration().compareTo(SqsConfig.MAX_VISIBILITY) > 0) {
            checks.add(path + ".visibilityTimeout", "visibility timeout " + ProblemCollector.quote(sqs.visibilityTimeout())
                    + " is longer than SQS allows (12h)");
        }
        SqsConfig.Credentials keys = sqs.credentials();
        if (keys == null) {
            return sqs;
        }
        String keysPath = path + ".credentials";
        Secret id = resolveSecret(checks, keysPath + ".accessKeyId", keys.accessKeyId(), folderPath, secretDigests);
        Secret secret = resolveSecret(checks, keysPath + ".secretAccessKey", keys.secretAccessKey(), folderPath,
                secretDigests);
        Secret token = keys.sessionToken() == null ? null
                : resolveSecret(checks, keysPath + ".sessionToken", keys.sessionToken(), folderPath, secretDigests);
        return sqs.withCredentials(new SqsConfig.Credentials(id, secret, token));
    }

    private static boolean validQueue(String queue) {
        if (!queue.startsWith("https://") && !queue.startsWith("http://")) {
            return queue.matches(SqsConfig.QUEUE_NAME);
        }
        try {
            java.net.URI uri = new java.net.URI(queue);
            String p = uri.getPath();
            return uri.getHost() != null && uri.getUserInfo() == null && uri.getQuery() == null
                    && uri.getFragment() == null && p != null && p.length() > 1
                    && p.substring(p.lastIndexOf('/') + 1).matches(SqsConfig.QUEUE_NAME);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * Same queue: the same queue URL. Two customers naming a queue only by name may well poll different accounts
     * (each with its own keys), so names are not compared.
     */
    private static boolean sameQueue(SqsConfig a, SqsConfig b) {
        return a.queueIsUrl() && b.queueIsUrl() && a.queue().equals(b.queue());
    }

    // ---- notifications (docs/customer-config.md#notification-channels-notifications) ---------------------------

    /** Checks the channel settings fit together and resolves their secrets; the result matters only without errors. */
    private NotificationsConfig checkNotifications(Checks checks, Path folderPath, NotificationsConfig notifications,
            Map<Path, String> secretDigests) {
        NotificationsConfig result = notifications;
        NotificationsConfig.SlackSettings slack = notifications.slack();
        if (slack != null) {
            String path = "notifications.slack";
            boolean webhook = slack.webhookUrl() != null;
            if (webhook == slack.usesBotToken()) {
                checks.add(path, "must set exactly one of \"webhookUrl\" or \"botToken\", got "
                        + (webhook ? "both" : "neither"));
            } else if (!webhook && slack.channel() == null) {
                checks.add(path + ".channel", "is required with botToken (the channel id or name to post to)");
            } else if (webhook && slack.channel() != null) {
                checks.add(path + ".channel", "is not used with webhookUrl (a webhook posts to the channel it was "
                        + "created for)");
            }
            Secret url = webhook ? resolveSecret(checks, path + ".webhookUrl", slack.webhookUrl(), folderPath,
                    secretDigests) : null;
            if (url != null && url.isResolved() && !isHttpUrl(url)) {
                // the url is the credential: name where it came from, never the value
                checks.add(path + ".webhookUrl", "the value from " + url.source() + " is not an http or https url");
            }
            Secret token = slack.usesBotToken() ? resolveSecret(checks, path + ".botToken", slack.botToken(),
                    folderPath, secretDigests) : null;
            result = result.withSlack(slack.withSecrets(url, token));
        }
        NotificationsConfig.PagerDutySettings pagerduty = notifications.pagerduty();
        if (pagerduty != null) {
            String path = "notifications.pagerduty";
            Secret routingKey = resolveSecret(checks, path + ".routingKey", pagerduty.routingKey(), folderPath,
                    secretDigests);
            List<Secret> webhookSecrets = new ArrayList<>();
            for (int i = 0; i < pagerduty.webhookSecrets().size(); i++) {
                webhookSecrets.add(resolveSecret(checks, path + ".webhookSecrets[" + i + "]",
                        pagerduty.webhookSecrets().get(i), folderPath, secretDigests));
            }
            result = result.withPagerDuty(pagerduty.withSecrets(routingKey, webhookSecrets));
        }
        return result;
    }

    private static boolean isHttpUrl(Secret secret) {
        try {
            java.net.URI uri = new java.net.URI(new String(secret.bytes(), StandardCharsets.UTF_8).trim());
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Resolves one secret reference, reporting a failure at {@code path}; null when it does not resolve. */
    private Secret resolveSecret(Checks checks, String path, Secret reference, Path folderPath,
            Map<Path, String> secretDigests) {
        Path secretFile = secrets.fileOf(reference, folderPath);
        if (secretFile != null && reference.env() == null) {
            secretDigests.put(secretFile, digestOf(secretFile));
        }
        try {
            return secrets.resolve(reference, folderPath);
        } catch (SecretResolver.Unresolved e) {
            checks.add(e.key().isEmpty() ? path : YamlPaths.child(path, e.key()), e.getMessage());
            return null;
        }
    }

    // ---- ssh settings of hosts (scenario SSH, docs/ssh.md) ------------------------------------------------------

    /** Requires user, host key and private key together, checks both keys parse; the hosts with keys resolved. */
    private List<HostConfig> checkSsh(Checks checks, List<HostConfig> hosts, Path folderPath,
            Map<Path, String> secretDigests) {
        List<HostConfig> resolved = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            HostConfig host = hosts.get(i);
            String path = "hosts[" + i + "]";
            if (!host.usesSsh()) {
                resolved.add(host);
                continue;
            }
            if (host.sshUser() == null) {
                checks.add(path + ".sshUser", "is required when the host has ssh settings");
            }
            if (host.hostKey() == null) {
                checks.add(path + ".hostKey", "is required when the host has ssh settings (the host's public key line, "
                        + "e.g. \"ssh-ed25519 AAAA...\" from ssh-keyscan)");
            } else {
                try {
                    SshKeys.parsePublicKey(host.hostKey());
                } catch (SshKeys.InvalidKeyException e) {
                    checks.add(path + ".hostKey", "invalid host key " + ProblemCollector.quote(host.hostKey()) + " ("
                            + e.getMessage() + "; valid: one OpenSSH public key line \"<type> <base64> [comment]\")");
                }
            }
            if (host.privateKey() == null) {
                checks.add(path + ".privateKey", "is required when the host has ssh settings "
                        + "(a reference {env: NAME} or {file: path})");
                continue;
            }
            Path keyFile = secrets.fileOf(host.privateKey(), folderPath);
            if (keyFile != null && host.privateKey().env() == null) {
                secretDigests.put(keyFile, digestOf(keyFile));
            }
            try {
                Secret key = secrets.resolve(host.privateKey(), folderPath);
                if (key.isResolved()) {
                    SshKeys.parsePrivateKey(key);
                }
                resolved.add(host.withPrivateKey(key));
            } catch (SecretResolver.Unresolved e) {
                checks.add(e.key().isEmpty() ? path + ".privateKey" : path + ".privateKey." + e.key(), e.getMessage());
            } catch (SshKeys.InvalidKeyException e) {
                checks.add(path + ".privateKey", e.getMessage());
            }
        }
        return resolved;
    }

    /** Checks the mailbox's rule patterns and resolves its password; null when something is wrong. */
    private MailConfig checkMail(Checks checks, Path folderPath, MailConfig mail, Map<Path, String> secretDigests) {
        for (int i = 0; i < mail.rules().size(); i++) {
            MailRule rule = mail.rules().get(i);
            String path = "mail.rules[" + i + "]";
            checkRegex(checks, path + ".from", rule.from());
            checkRegex(checks, path + ".subject", rule.subject());
            checkRegex(checks, path + ".resolved", rule.resolved());
            rule.fields().forEach((field, regex) -> {
                if (!MailRule.FIELDS.contains(field)) {
                    checks.add(YamlPaths.child(path + ".fields", field), "unknown field " + ProblemCollector.quote(field)
                            + " (valid: " + String.join(", ", MailRule.FIELDS.stream().sorted().toList()) + ")");
                } else {
                    checkRegex(checks, YamlPaths.child(path + ".fields", field), regex);
                }
            });
            for (int j = 0; j < i; j++) {
                if (mail.rules().get(j).name().equals(rule.name())) {
                    checks.add(path + ".name", "duplicate rule name " + ProblemCollector.quote(rule.name()));
                }
            }
        }
        Path secretFile = secrets.fileOf(mail.password(), folderPath);
        if (secretFile != null && mail.password().env() == null) {
            secretDigests.put(secretFile, digestOf(secretFile));
        }
        try {
            return mail.withPassword(secrets.resolve(mail.password(), folderPath));
        } catch (SecretResolver.Unresolved e) {
            checks.add(e.key().isEmpty() ? "mail.password" : YamlPaths.child("mail.password", e.key()), e.getMessage());
            return null;
        }
    }

    /** Silences' matchers, and each recurring maintenance window: a unique name, its matchers, its intervals. */
    private static void checkMaintenance(Checks checks, CustomerConfig config) {
        for (int i = 0; i < config.silences().size(); i++) {
            SilenceConfig.checkMatchers("silences[" + i + "].matchers", config.silences().get(i).matchers(),
                    checks::add);
        }
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < config.muteTimeIntervals().size(); i++) {
            MuteTimeIntervalConfig mute = config.muteTimeIntervals().get(i);
            String path = "muteTimeIntervals[" + i + "]";
            TimeIntervalSyntax.uniqueName(names, mute.name(), path, "duplicate name ", checks::add);
            SilenceConfig.checkMatchers(path + ".matchers", mute.matchers(), checks::add);
            for (int j = 0; j < mute.intervals().size(); j++) {
                TimeIntervalConfig interval = mute.intervals().get(j);
                if (interval.unrestricted()) {
                    checks.add(path + ".intervals[" + j + "]", "interval has no times, weekdays, days_of_month,"
                            + " months, years or holidays (it would mute every moment)");
                }
                TimeIntervalSyntax.checkFields(interval, path + ".intervals[" + j + "]", checks::add);
            }
        }
    }

    private static void checkHostNames(Checks checks, List<HostConfig> hosts) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            HostConfig host = hosts.get(i);
            String hostPath = "hosts[" + i + "]";
            claim(checks, owners, host.id(), hostPath + ".id", hostPath);
            for (int j = 0; j < host.aliases().size(); j++) {
                claim(checks, owners, host.aliases().get(j), hostPath + ".aliases[" + j + "]", hostPath);
            }
        }
    }

    private static void claim(Checks checks, Map<String, String> owners, String name, String path, String hostPath) {
        // host names compare ignoring case, as DNS names do, so an alert naming WEB-1 finds host web-1
        String owner = owners.putIfAbsent(name.toLowerCase(Locale.ROOT), hostPath);
        if (owner != null) {
            checks.add(path, "duplicate host name " + ProblemCollector.quote(name) + " (already used by " + owner + ")");
        }
    }

    private static void checkAlertClasses(Checks checks, List<AlertClassRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            AlertClassRule rule = rules.get(i);
            String path = "alertClasses[" + i + "]";
            if (rule.alertClass() == null || rule.alertClass().isBlank()) {
                checks.add(path + ".class", "is required");
            } else if (!ALERT_CLASS.matcher(rule.alertClass()).matches()) {
                checks.add(path + ".class", "invalid class " + ProblemCollector.quote(rule.alertClass())
                        + " (valid: lower-case letters, digits and \"_\", e.g. \"disk_usage\")");
            }
            checkRegex(checks, path + ".format", rule.format());
            checkRegex(checks, path + ".name", rule.name());
            checkRegex(checks, path + ".text", rule.text());
            checkRegex(checks, path + ".words", rule.words());
            new TreeMap<>(rule.labels()).forEach((key, regex) -> checkRegex(checks,
                    YamlPaths.child(path + ".labels", key), regex));
        }
    }

    private static void checkSns(Checks checks, SnsConfig sns, List<HostConfig> hosts) {
        for (int i = 0; i < sns.topics().size(); i++) {
            if (sns.topics().indexOf(sns.topics().get(i)) < i) {
                checks.add("sns.topics[" + i + "]", "duplicate topic " + ProblemCollector.quote(sns.topics().get(i)));
            }
        }
        List<String> ids = hosts.stream().map(HostConfig::id).toList();
        new TreeMap<>(sns.hostMap()).forEach((resource, host) -> {
            if (ids.stream().noneMatch(id -> id.equals(host))) {
                checks.add(YamlPaths.child("sns.hostMap", resource), "undefined host " + ProblemCollector.quote(host)
                        + " (defined: " + (ids.isEmpty() ? "none" : ids.stream().map(ProblemCollector::quote)
                        .collect(java.util.stream.Collectors.joining(", "))) + ")");
            }
        });
    }

    private static void checkRegex(Checks checks, String path, String regex) {
        if (regex == null) {
            return;
        }
        try {
            Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            checks.add(path, "invalid regular expression " + ProblemCollector.quote(regex) + " ("
                    + e.getDescription().toLowerCase(Locale.ROOT) + " near index " + e.getIndex() + ")");
        }
    }

    private static java.util.Optional<String> sharedWith(Secret secret, Collection<CustomerConfig> others) {
        if (!secret.isResolved()) {
            // a variable not set where the files are checked offline: nothing to compare
            return java.util.Optional.empty();
        }
        byte[] value = secret.bytes();
        try {
            return others.stream()
                    .filter(other -> other.ingest().auth().stream()
                            .anyMatch(c -> c.secret().isResolved() && c.secret().matches(value)))
                    .map(CustomerConfig::id).findFirst();
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    // ---- content fingerprints -----------------------------------------------------------------------------------

    private static String fingerprint(byte[] yaml, Map<Path, String> secretDigests) {
        MessageDigest sha = sha256();
        sha.update(yaml == null ? "<missing>".getBytes(StandardCharsets.UTF_8) : yaml);
        secretDigests.forEach((path, digest) -> {
            sha.update(path.toString().getBytes(StandardCharsets.UTF_8));
            sha.update(digest.getBytes(StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String digestOf(Path file) {
        try {
            return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "<unreadable>";
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] withoutByteOrderMark(byte[] bytes) {
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf;
        return bom ? Arrays.copyOfRange(bytes, 3, bytes.length) : bytes;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
