package io.alerthub.console;

import io.alerthub.support.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shows besides its own data (the operator, the language, where in the console it is), and
 * the console's 404 page for an unknown id or a customer outside the operator's scope.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
public class ConsoleAdvice {
    private final RoleHierarchy roles;

    public ConsoleAdvice(RoleHierarchy roles) {
        this.roles = roles;
    }

    @ModelAttribute("viewer")
    public Viewer viewer() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Set<Role> held = Role.held(authentication, roles);
        return new Viewer(authentication == null ? "" : authentication.getName(), held);
    }

    /** The language the page is written in ({@code <html lang>}). */
    @ModelAttribute("lang")
    public String lang(Locale locale) {
        return ConsoleLocaleResolver.supported(locale).getLanguage();
    }

    /** The page's path, to mark the current entry of the navigation and to build the language switch. */
    @ModelAttribute("path")
    public String path(HttpServletRequest request) {
        return request.getRequestURI();
    }

    /**
     * The per-customer gate ({@code incident.CustomerOwnedPaths}) refuses another customer's thing before a console
     * controller runs: the same 404 page as an unknown id ({@code /console/<things>/<id>}).
     */
    @ExceptionHandler(ResponseStatusException.class)
    public ModelAndView outsideScope(ResponseStatusException e, HttpServletRequest request, Locale locale) {
        String[] segments = request.getRequestURI().split("/");
        if (e.getStatusCode().value() != HttpStatus.NOT_FOUND.value() || segments.length < 4) {
            throw e;
        }
        String things = segments[2];
        String what = things.endsWith("s") ? things.substring(0, things.length() - 1) : things;
        return notFound(new ConsoleNotFoundException(what, segments[3]), request, locale);
    }

    @ExceptionHandler(ConsoleNotFoundException.class)
    public ModelAndView notFound(ConsoleNotFoundException e, HttpServletRequest request, Locale locale) {
        ModelAndView page = new ModelAndView("console/not-found", HttpStatus.NOT_FOUND);
        page.addObject("what", e.what());
        page.addObject("id", e.id());
        page.addObject("viewer", viewer());
        page.addObject("lang", lang(locale));
        page.addObject("path", path(request));
        return page;
    }
}
