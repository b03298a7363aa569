package io.alerthub.console;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The console's language: the operator's cookie first, then Accept-Language among English and Japanese. */
class ConsoleLocaleResolverTest {
    private final ConsoleLocaleResolver resolver = new ConsoleLocaleResolver();

    @ParameterizedTest(name = "Accept-Language \"{0}\" → {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "NONE|en",
            "ja|ja",
            "ja-JP,ja;q=0.9,en-US;q=0.8|ja",
            "en-US,en;q=0.9,ja;q=0.8|en",
            "de-DE,de;q=0.9|en",
            "de-DE,ja;q=0.5|ja",
            "fr;q=1.0,ja;q=0.1,en;q=0.5|en",
            "*|en",
            ";;not a header==|en"})
    void followsTheBrowserAmongTheConsolesLanguages(String header, String expected) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (header != null) {
            request.addHeader("Accept-Language", header);
        }
        assertThat(resolver.resolveLocale(request).getLanguage()).isEqualTo(expected);
    }

    @Test
    void theOperatorsChoiceWinsOverTheBrowser() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", "en");
        request.setCookies(new Cookie(ConsoleLocaleResolver.COOKIE, "ja"));
        assertThat(resolver.resolveLocale(request)).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void aCookieNamingAnotherLanguageIsIgnored() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", "ja");
        request.setCookies(new Cookie(ConsoleLocaleResolver.COOKIE, "<script>"));
        assertThat(resolver.resolveLocale(request)).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void choosingALanguageSetsTheCookieAndAppliesAtOnce() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", "en");
        MockHttpServletResponse response = new MockHttpServletResponse();

        resolver.setLocale(request, response, Locale.forLanguageTag("ja-JP"));

        assertThat(response.getHeader("Set-Cookie")).startsWith("alerthub-lang=ja;").contains("HttpOnly")
                .contains("SameSite=Lax").contains("Path=/");
        assertThat(resolver.resolveLocale(request)).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void anUnsupportedChoiceChangesNothing() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();

        resolver.setLocale(request, response, Locale.GERMAN);

        assertThat(response.getHeader("Set-Cookie")).isNull();
        assertThat(resolver.resolveLocale(request)).isEqualTo(Locale.ENGLISH);
    }
}
