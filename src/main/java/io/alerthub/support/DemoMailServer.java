package io.alerthub.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo profile's embedded mail server (GreenMail): SMTP and IMAP on localhost with one mailbox, which customer
 * {@code demo} polls, so any SMTP client can drop a Zabbix or Nagios mail and watch the alert appear. Started before
 * the Camel routes and stopped after them. Never on a reachable host: it accepts mail from anyone.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@ConditionalOnProperty(name = "alerthub.demo-mail.enabled", havingValue = "true", matchIfMissing = true)
public class DemoMailServer {
    private static final Logger LOG = LoggerFactory.getLogger(DemoMailServer.class);

    @Bean(initMethod = "start", destroyMethod = "stop")
    public GreenMail demoGreenMail(@Value("${alerthub.demo-mail.bind:127.0.0.1}") String bind,
                                   @Value("${alerthub.demo-mail.smtp-port:3025}") int smtpPort,
                                   @Value("${alerthub.demo-mail.imap-port:3143}") int imapPort,
                                   @Value("${alerthub.demo-mail.address:alerts@demo.local}") String address,
                                   @Value("${DEMO_MAIL_PASSWORD}") String password) {
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, bind, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, bind, ServerSetup.PROTOCOL_IMAP)});
        mail.setUser(address, address, password);
        LOG.info("demo mail server: SMTP {}:{}, IMAP {}:{}, mailbox {}", bind, smtpPort, bind, imapPort, address);
        return mail;
    }
}
