package io.alerthub.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a command line into the words a POSIX shell would pass to the command, for the demo fleet's simulated hosts,
 * which answer commands without any shell. Only lines whose meaning needs no expansion are accepted: anything a real
 * shell would expand or interpret (unquoted {@code | & ; < > ( ) $ `}, globbing, a leading {@code ~} or {@code #},
 * brace lists, variable assignments, line breaks) makes the line refused as a whole, so a simulated host never
 * pretends to have run something a real one would have run differently.
 */
final class ShellWords {
    /** Characters a shell interprets when unquoted, anywhere in a word. */
    private static final String SPECIAL = "|&;<>()$`*?[]\n\r";
    /** A first word starting like this is a variable assignment, not a command name. */
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=");

    private ShellWords() {
    }

    /** The words of {@code line}, or null when it holds shell syntax the simulator refuses to interpret. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int wordStart = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                if (word == null) {
                    word = new StringBuilder();
                    wordStart = i;
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    return null;
                }
                String inner = line.substring(i + 1, end);
                // inside double quotes the shell still expands $ and ` and reads \ escapes: not simulated
                if (inner.indexOf('$') >= 0 || inner.indexOf('`') >= 0 || inner.indexOf('\\') >= 0) {
                    return null;
                }
                if (word == null) {
                    word = new StringBuilder();
                    wordStart = i;
                }
                word.append(inner);
                i = end;
            } else if (c == '\\') {
                if (i + 1 >= line.length() || line.charAt(i + 1) == '\n') {
                    return null;
                }
                if (word == null) {
                    word = new StringBuilder();
                    wordStart = i;
                }
                word.append(line.charAt(++i));
            } else if (c == ' ' || c == '\t') {
                if (word != null) {
                    if (words.isEmpty() && assignment(line, wordStart)) {
                        return null;
                    }
                    words.add(word.toString());
                    word = null;
                }
            } else if (SPECIAL.indexOf(c) >= 0) {
                return null;
            } else {
                if (word == null && (c == '~' || c == '#')) {
                    return null; // tilde expansion, or a comment that would hide the rest of the line
                }
                if ((c == '{' || c == '}') && !isEmptyBraces(line, i)) {
                    return null; // bash brace expansion ({a,b}, {1..9}); find's bare {} is literal
                }
                if (word == null) {
                    word = new StringBuilder();
                    wordStart = i;
                }
                word.append(c);
            }
        }
        if (word != null) {
            if (words.isEmpty() && assignment(line, wordStart)) {
                return null;
            }
            words.add(word.toString());
        }
        return words;
    }

    /** True when the word starting at {@code start} begins {@code NAME=}, which a shell takes as an assignment. */
    private static boolean assignment(String line, int start) {
        return ASSIGNMENT.matcher(line).region(start, line.length()).lookingAt();
    }

    /** True when the brace at {@code i} is part of a bare {@code {}} word. */
    private static boolean isEmptyBraces(String line, int i) {
        int open = line.charAt(i) == '{' ? i : i - 1;
        if (open < 0 || open + 1 >= line.length() || line.charAt(open) != '{' || line.charAt(open + 1) != '}') {
            return false;
        }
        boolean startsWord = open == 0 || line.charAt(open - 1) == ' ' || line.charAt(open - 1) == '\t';
        boolean endsWord = open + 2 == line.length() || line.charAt(open + 2) == ' ' || line.charAt(open + 2) == '\t';
        return startsWord && endsWord;
    }
}
