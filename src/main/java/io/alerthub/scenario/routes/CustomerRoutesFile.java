package io.alerthub.scenario.routes;


import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one customer's {@code routes.camel.yaml} without touching the running routes: first our own checks on the
 * YAML tree (only {@code templatedRoute} entries, plus {@code route} entries when the hub allows custom routes; ids
 * prefixed with the customer, template references and parameters against the templates Camel holds), each error
 * with its line; then Camel's YAML DSL builds the route model, which surfaces DSL mistakes with their line. Camel
 * never sees a file that failed our checks: a top-level {@code beans:} entry, for one, would register
 * application-wide beans while being parsed.
 */
final class CustomerRoutesFile {
    static final String FILE_NAME = "routes.camel.yaml";
    /** A routes file is hand-written configuration; anything bigger is a mistake, not a file to parse. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Template parameters the loader sets for every binding; a file must not give them. */
    static final String CUSTOMER_ID = "customerId";
    static final String SCENARIO_ID = "scenarioId";

    private static final String ROUTE = "route";
    private static final String TEMPLATED_ROUTE = "templatedRoute";
    private static final List<String> TEMPLATED_ROUTE_KEYS = List.of("routeTemplateRef", "routeId", "parameters");
    private static final String SCENARIO_ENDPOINT = "direct:scenario-";
    private static final String SCENARIO_TEMPLATES = "routes/scenario/";

    private final CamelContext camel;
    private final String customerId;
    private final String file;
    private final String prefix;
    private final boolean allowCustomRoutes;
    private final List<String> errors = new ArrayList<>();

    /** What reading a file produced: Camel's definitions, ready to add, or the errors found. */
    record Result(List<RouteDefinition> routes, List<TemplatedRouteDefinition> templatedRoutes,
            List<ScenarioBinding> bindings, List<String> errors) {

        boolean ok() {
            return errors.isEmpty();
        }

        /** Ids of every route the file declares, plain routes first. */
        List<String> routeIds() {
            List<String> ids = new ArrayList<>();
            routes.forEach(route -> ids.add(route.getId()));
            templatedRoutes.forEach(route -> ids.add(route.getRouteId()));
            return ids;
        }

        static Result failed(List<String> errors) {
            return new Result(List.of(), List.of(), List.of(), List.copyOf(errors));
        }
    }

    /** A templatedRoute entry as checked on the YAML tree, kept to build its binding. */
    private record Binding(String routeId, String templateId, int order) {
    }

    private CustomerRoutesFile(CamelContext camel, String customerId, String file, boolean allowCustomRoutes) {
        this.camel = camel;
        this.allowCustomRoutes = allowCustomRoutes;
        this.customerId = customerId;
        this.file = file;
        this.prefix = customerId + ".";
    }

    /**
     * Checks and builds a customer's routes; the returned definitions carry the customer as group and, for templated
     * routes, the loader's {@code customerId} and {@code scenarioId} parameters.
     *
     * @param file              how messages name the file, e.g. {@code customers/acme/routes.camel.yaml}
     * @param allowCustomRoutes whether plain {@code route} entries are allowed besides templated routes
     *                          ({@code alerthub.customer-routes.allow-custom-routes})
     */
    static Result read(CamelContext camel, String customerId, String file, byte[] content, boolean allowCustomRoutes) {
        return new CustomerRoutesFile(camel, customerId, file, allowCustomRoutes).read(content);
    }

    private Result read(byte[] content) {
        if (content.length > MAX_BYTES) {
            return Result.failed(List.of(file + ": file is larger than " + MAX_BYTES / 1024 + " KiB"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return Result.failed(List.of(file + ": file is not valid UTF-8"));
        }
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (YamlEngineException e) {
            return Result.failed(List.of(describeYamlError(file, e, "yaml syntax error: ")));
        }
        if (root.isEmpty()) {
            return new Result(List.of(), List.of(), List.of(), List.of());
        }
        List<Binding> bindings = checkTree(root.get());
        if (!errors.isEmpty()) {
            return Result.failed(errors);
        }
        return build(text, bindings);
    }

    // ---- pass 1: our checks on the YAML tree, with line numbers

    private List<Binding> checkTree(Node root) {
        findDuplicateKeys(root);
        if (!(root instanceof SequenceNode entries)) {
            error(root, "the file must be a list of " + (allowCustomRoutes ? "\"- route:\" and " : "")
                    + "\"- templatedRoute:\" entries");
            return List.of();
        }
        Map<String, Integer> ids = new HashMap<>();
        List<Binding> bindings = new ArrayList<>();
        for (Node entry : entries.getValue()) {
            if (!(entry instanceof MappingNode mapping) || mapping.getValue().size() != 1
                    || !(mapping.getValue().get(0).getKeyNode() instanceof ScalarNode)) {
                error(entry, "every entry must be a single " + (allowCustomRoutes ? "\"- route:\" or " : "")
                        + "\"- templatedRoute:\"");
                continue;
            }
            NodeTuple tuple = mapping.getValue().get(0);
            String kind = text(tuple.getKeyNode());
            if (ROUTE.equals(kind) && !allowCustomRoutes) {
                // a plain route may use any Camel component (exec, file, sql, …): only the hub may allow it
                error(entry, "custom routes are not allowed: bind a scenario template with \"- templatedRoute:\" "
                        + "(the hub's alerthub.customer-routes.allow-custom-routes is off)");
            } else if (ROUTE.equals(kind)) {
                checkRoute(entry, tuple.getValueNode(), ids);
            } else if (TEMPLATED_ROUTE.equals(kind)) {
                Binding binding = checkTemplatedRoute(entry, tuple.getValueNode(), ids, bindings.size());
                if (binding != null) {
                    bindings.add(binding);
                }
            } else {
                error(entry, "\"" + kind + "\" is not allowed in a customer routes file (allowed: "
                        + (allowCustomRoutes ? "\"route\", " : "") + "\"templatedRoute\")");
            }
        }
        return bindings;
    }

    private void checkRoute(Node entry, Node body, Map<String, Integer> ids) {
        if (!(body instanceof MappingNode route)) {
            error(entry, "route: must be a mapping with an id starting with \"" + prefix + "\"");
            return;
        }
        Map<String, Node> keys = keys(route);
        String id = scalar(keys.get("id"));
        if (id == null) {
            error(entry, "route: id is required and must start with \"" + prefix + "\"");
            return;
        }
        String what = "route \"" + id + "\": ";
        if (!checkId(entry, what, "id", id, ids)) {
            return;
        }
        Node group = keys.get("group");
        if (group != null && !customerId.equals(scalar(group))) {
            error(group, what + "group \"" + text(group) + "\" is not allowed (the loader sets the group to \""
                    + customerId + "\")");
        }
        // a route may not consume from another customer's scenario endpoint: it would take that customer's incidents
        if (keys.get("from") instanceof MappingNode from) {
            Node uriNode = keys(from).get("uri");
            String uri = scalar(uriNode);
            if (uri != null && uri.startsWith(SCENARIO_ENDPOINT) && !uri.startsWith(SCENARIO_ENDPOINT + prefix)) {
                error(uriNode, what + "from uri \"" + uri + "\" is not one of this customer's scenario endpoints ("
                        + SCENARIO_ENDPOINT + prefix + "…)");
            }
        }
    }

    private Binding checkTemplatedRoute(Node entry, Node body, Map<String, Integer> ids, int order) {
        if (!(body instanceof MappingNode templated)) {
            error(entry, "templatedRoute: must be a mapping with routeTemplateRef, routeId and parameters");
            return null;
        }
        Map<String, Node> keys = keys(templated);
        String routeId = scalar(keys.get("routeId"));
        if (routeId == null) {
            error(entry, "templatedRoute: routeId is required and must start with \"" + prefix + "\"");
            return null;
        }
        String what = "templatedRoute \"" + routeId + "\": ";
        boolean ok = checkId(entry, what, "routeId", routeId, ids);
        for (NodeTuple tuple : templated.getValue()) {
            String key = text(tuple.getKeyNode());
            if (!TEMPLATED_ROUTE_KEYS.contains(key)) {
                ok = false;
                error(tuple.getKeyNode(), what + "key \"" + key + "\" is not allowed (allowed: "
                        + quoted(TEMPLATED_ROUTE_KEYS) + ")");
            }
        }
        String templateId = scalar(keys.get("routeTemplateRef"));
        RouteTemplateDefinition template = templateId == null ? null : model().getRouteTemplateDefinition(templateId);
        if (template == null || !isScenarioTemplate(template)) {
            error(keys.getOrDefault("routeTemplateRef", entry), what + (templateId == null
                    ? "routeTemplateRef is required" : template == null ? "unknown template \"" + templateId + "\""
                    : "template \"" + templateId + "\" is not a scenario template")
                    + " (templates: " + String.join(", ", templateIds()) + ")");
            return null;
        }
        Map<String, RouteTemplateParameterDefinition> declared = new LinkedHashMap<>();
        template.getTemplateParameters().forEach(parameter -> declared.put(parameter.getName(), parameter));
        Map<String, Integer> given = new HashMap<>();
        Node parameters = keys.get("parameters");
        if (parameters != null && !(parameters instanceof SequenceNode)) {
            error(parameters, what + "parameters must be a list of \"- name: …\" / \"value: …\" entries");
            return null;
        }
        if (parameters instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                ok &= checkParameter(item, what, templateId, declared, given);
            }
        }
        for (RouteTemplateParameterDefinition parameter : declared.values()) {
            String name = parameter.getName();
            if (parameter.isRequired() && parameter.getDefaultValue() == null && !given.containsKey(name)
                    && !CUSTOMER_ID.equals(name) && !SCENARIO_ID.equals(name)) {
                ok = false;
                error(entry, what + "missing required parameter \"" + name + "\" of " + templateId);
            }
        }
        return ok ? new Binding(routeId, templateId, order) : null;
    }

    private boolean checkParameter(Node item, String what, String templateId,
            Map<String, RouteTemplateParameterDefinition> declared, Map<String, Integer> given) {
        Map<String, Node> fields = item instanceof MappingNode mapping ? keys(mapping) : Map.of();
        String name = scalar(fields.get("name"));
        if (name == null) {
            error(item, what + "every parameter needs a name (\"- name: …\" / \"value: …\")");
            return false;
        }
        if (CUSTOMER_ID.equals(name) || SCENARIO_ID.equals(name)) {
            error(item, what + "parameter \"" + name + "\" is set by the loader and must not be given");
            return false;
        }
        if (given.containsKey(name)) {
            error(item, what + "parameter \"" + name + "\" is given twice (first at line " + given.get(name) + ")");
            return false;
        }
        given.put(name, line(item));
        boolean ok = true;
        if (!declared.containsKey(name)) {
            ok = false;
            List<String> settable = declared.keySet().stream()
                    .filter(n -> !CUSTOMER_ID.equals(n) && !SCENARIO_ID.equals(n)).toList();
            error(item, what + "unknown parameter \"" + name + "\" (parameters of " + templateId + ": "
                    + String.join(", ", settable) + ")");
        }
        Set<String> unknownFields = fields.keySet().stream().filter(k -> !"name".equals(k) && !"value".equals(k))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!unknownFields.isEmpty() || fields.size() != 2) {
            ok = false;
            error(item, what + "parameter \"" + name + "\" must have exactly \"name\" and \"value\""
                    + (unknownFields.isEmpty() ? "" : " (found " + quoted(List.copyOf(unknownFields)) + ")"));
        } else if (!(fields.get("value") instanceof ScalarNode value)) {
            ok = false;
            error(fields.get("value"), what + "parameter \"" + name + "\": value must be a single text, number or "
                    + "boolean");
        } else if (declared.containsKey(name)) {
            String problem = TemplateParameterValues.problem(declared.get(name), value.getValue());
            if (problem != null) {
                ok = false;
                error(value, what + problem);
            }
        }
        return ok;
    }

    private boolean checkId(Node entry, String what, String key, String id, Map<String, Integer> ids) {
        // adding a route whose id is already running replaces that route without a word: ids must be the customer's
        if (!id.startsWith(prefix) || id.length() == prefix.length()) {
            error(entry, what + key + " must start with \"" + prefix + "\"");
            return false;
        }
        Integer first = ids.putIfAbsent(id, line(entry));
        if (first != null) {
            error(entry, what + key + " is already used at line " + first);
            return false;
        }
        return true;
    }

    private void findDuplicateKeys(Node node) {
        if (node instanceof MappingNode mapping) {
            Map<String, Integer> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    Integer first = seen.putIfAbsent(key.getValue(), line(key));
                    if (first != null) {
                        error(key, "duplicate key \"" + key.getValue() + "\" (first at line " + first + ")");
                    }
                }
                findDuplicateKeys(tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(this::findDuplicateKeys);
        }
    }

    // ---- pass 2: Camel's YAML DSL builds the model

    private Result build(String text, List<Binding> checked) {
        RoutesDefinition routes;
        List<TemplatedRouteDefinition> templatedRoutes;
        try {
            RoutesBuilder builder = PluginHelper.getRoutesLoader(camel).getRoutesLoader("yaml")
                    .loadRoutesBuilder(ResourceHelper.fromString(file, text));
            if (!(builder instanceof RouteBuilder routeBuilder)) {
                return Result.failed(List.of(file + ": not read as Camel YAML routes"));
            }
            routes = routeBuilder.configureRoutes(camel);
            templatedRoutes = routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes();
        } catch (Exception e) {
            return Result.failed(List.of(describeCamelError(e)));
        }
        // the tree checks above decided what is allowed; this only guards against the DSL reading more than we saw
        List<String> expected = checked.stream().map(Binding::routeId).toList();
        List<String> built = templatedRoutes.stream().map(TemplatedRouteDefinition::getRouteId).toList();
        if (!expected.equals(built) || (!allowCustomRoutes && !routes.getRoutes().isEmpty())
                || routes.getRoutes().stream().anyMatch(r -> r.getId() == null || !r.getId().startsWith(prefix))) {
            return Result.failed(List.of(file + ": Camel read different routes than checked (templated: " + built
                    + ")"));
        }
        List<ScenarioBinding> bindings = new ArrayList<>();
        for (int i = 0; i < templatedRoutes.size(); i++) {
            TemplatedRouteDefinition route = templatedRoutes.get(i);
            Binding binding = checked.get(i);
            route.setGroup(customerId);
            route.parameter(CUSTOMER_ID, customerId);
            route.parameter(SCENARIO_ID, route.getRouteId());
            bindings.add(new ScenarioBinding(customerId, binding.routeId(), binding.templateId(),
                    values(route, binding.templateId()), binding.order()));
        }
        routes.getRoutes().forEach(route -> route.setGroup(customerId));
        return new Result(List.copyOf(routes.getRoutes()), List.copyOf(templatedRoutes), List.copyOf(bindings),
                List.of());
    }

    /** The loader's parameters, those given, then the template's defaults for the rest. */
    private Map<String, String> values(TemplatedRouteDefinition route, String templateId) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CUSTOMER_ID, customerId);
        values.put(SCENARIO_ID, route.getRouteId());
        for (TemplatedRouteParameterDefinition parameter : route.getParameters()) {
            values.putIfAbsent(parameter.getName(), parameter.getValue());
        }
        for (RouteTemplateParameterDefinition parameter : model().getRouteTemplateDefinition(templateId)
                .getTemplateParameters()) {
            if (parameter.getDefaultValue() != null) {
                values.putIfAbsent(parameter.getName(), parameter.getDefaultValue());
            }
        }
        return values;
    }

    private String describeCamelError(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYamlEngineException marked) {
                return describeYamlError(file, marked, "");
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return file + ": " + message.lines().findFirst().orElse(message);
    }

    /** {@code file:line: problem}, from a SnakeYAML or Camel YAML DSL exception. */
    static String describeYamlError(String file, YamlEngineException e, String lead) {
        if (e instanceof MarkedYamlEngineException marked) {
            int line = marked.getProblemMark().or(marked::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            if (problem == null) {
                problem = marked.getMessage();
            }
            // Camel's DSL messages carry their own "in <file>, line n" trailer: the prefix says it already
            problem = problem.lines().findFirst().orElse(problem).strip();
            if (marked.getContext() != null && marked.getProblem() != null) {
                problem = marked.getContext() + ": " + problem;
            }
            return file + (line > 0 ? ":" + line : "") + ": " + lead + problem;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return file + ": " + lead + message.lines().findFirst().orElse(message).strip();
    }

    // ---- helpers

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private List<String> templateIds() {
        return model().getRouteTemplateDefinitions().stream().filter(CustomerRoutesFile::isScenarioTemplate)
                .map(RouteTemplateDefinition::getId).sorted().toList();
    }

    /**
     * Only templates loaded from {@code routes/scenario/} (or a folder below it) can be bound: the application's own
     * templates (such as {@code ingest.mail}) are wiring, not something a customer file may instantiate.
     */
    static boolean isScenarioTemplate(RouteTemplateDefinition template) {
        Resource resource = template.getResource();
        if (resource == null || resource.getLocation() == null) {
            return false;
        }
        // "classpath:routes/scenario/x.camel.yaml", or what Spring Boot resolves it to ("file:/…/classes/routes/…",
        // "jar:file:/…/app.jar!/BOOT-INF/classes!/routes/…")
        String location = resource.getLocation().replace('\\', '/');
        String path = location.substring(location.indexOf(':') + 1);
        return path.startsWith(SCENARIO_TEMPLATES) || path.contains("/" + SCENARIO_TEMPLATES);
    }

    private void error(Node node, String message) {
        int line = line(node);
        errors.add(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private static Map<String, Node> keys(MappingNode mapping) {
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            keys.putIfAbsent(text(tuple.getKeyNode()), tuple.getValueNode());
        }
        return keys;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar && !scalar.getValue().isBlank() ? scalar.getValue() : null;
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(node.getNodeType()).toLowerCase();
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    }
}
