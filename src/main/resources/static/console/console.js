/*
 * Alert Hub console: the action buttons and forms. A form with data-api posts its fields as JSON to that operator
 * API path (data-method: POST, PUT or DELETE), sending the CSRF token from the XSRF-TOKEN cookie in X-XSRF-TOKEN, and
 * announces the answer in the page's status region (role=status). The console has no action logic of its own: the
 * API decides and its problem details are shown as they come. Field conversions (data-json): "list" splits on
 * commas, "boolean" is a checkbox's state, "boolean-value" a "true"/"false" value, "minutes-from-now" an ISO instant.
 * After success the page's self-refreshing parts refresh (event "refresh"), or the page reloads (data-reload).
 * Plain browser JavaScript, no build step.
 */
(function () {
  'use strict';
  var STORED = 'alerthub-console-status';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function statusRegion() {
    return document.getElementById('status');
  }

  function message(name, fallback) {
    var region = statusRegion();
    return (region && region.dataset[name]) || fallback;
  }

  function say(text, ok) {
    var region = statusRegion();
    if (!region) {
      return;
    }
    region.textContent = text;
    region.classList.toggle('ok', ok);
    region.classList.toggle('error', !ok);
  }

  function fieldValue(input) {
    var kind = input.dataset.json;
    if (kind === 'list') {
      return input.value.split(',').map(function (s) { return s.trim(); }).filter(function (s) { return s; });
    }
    if (kind === 'boolean') {
      return input.checked;
    }
    if (kind === 'boolean-value') {
      return input.value === 'true';
    }
    if (kind === 'minutes-from-now') {
      return new Date(Date.now() + Number(input.value) * 60000).toISOString();
    }
    return input.value;
  }

  function body(form) {
    var json = {};
    form.querySelectorAll('[name]').forEach(function (input) {
      if (input.disabled) {
        return;
      }
      var value = fieldValue(input);
      if (value === '' || (Array.isArray(value) && value.length === 0)) {
        return;
      }
      json[input.name] = value;
    });
    return json;
  }

  function problemText(status, problem, fallback) {
    var text = (problem && (problem.detail || problem.title)) || fallback;
    if (problem && Array.isArray(problem.errors)) {
      text += ' — ' + problem.errors.map(function (e) {
        return typeof e === 'string' ? e : [e.field || e.pointer || e.name, e.message || e.detail].filter(Boolean).join(': ');
      }).join('; ');
    }
    return message('msgFailed', 'The hub refused this') + ' (' + status + '): ' + text;
  }

  async function submit(form) {
    var method = (form.dataset.method || 'POST').toUpperCase();
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    try {
      var response = await fetch(form.dataset.api, {
        method: method,
        credentials: 'same-origin',
        headers: {
          'Accept': 'application/json, application/problem+json',
          'Content-Type': 'application/json',
          'X-XSRF-TOKEN': csrfToken()
        },
        body: method === 'DELETE' ? undefined : JSON.stringify(body(form))
      });
      if (response.ok) {
        var done = message('msgDone', 'Done.');
        if (form.dataset.reload) {
          sessionStorage.setItem(STORED, done);
          window.location.reload();
          return;
        }
        say(done, true);
        form.querySelectorAll('textarea').forEach(function (t) { t.value = ''; });
        document.body.dispatchEvent(new Event('refresh'));
      } else {
        var problem = null;
        try {
          problem = await response.json();
        } catch (ignored) {
          // not JSON: the status line is all there is
        }
        say(problemText(response.status, problem, response.statusText), false);
      }
    } catch (e) {
      say(message('msgNetwork', 'The hub could not be reached.'), false);
    } finally {
      buttons.forEach(function (b) { b.disabled = false; });
    }
  }

  document.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-api]');
    if (!form) {
      return;
    }
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      return;
    }
    submit(form);
  });

  // a refresh that fails (session over, hub down) says so once instead of silently showing stale data
  document.addEventListener('htmx:responseError', function () {
    say(message('msgSession', 'Log in again to see updates.'), false);
  });
  document.addEventListener('htmx:sendError', function () {
    say(message('msgSession', 'Log in again to see updates.'), false);
  });

  document.addEventListener('DOMContentLoaded', function () {
    var stored = sessionStorage.getItem(STORED);
    if (stored) {
      sessionStorage.removeItem(STORED);
      say(stored, true);
    }
  });
})();
