/*
 * Veiviser chat widget. Plain JavaScript, no framework, no build step.
 *
 * Embed it on any page with one script tag:
 *   <script src="https://veiviser.example/widget.js" defer></script>
 * Optional data- attributes on that tag (see docs/widget.md):
 *   data-target="#id"      mount into this element (default: a new element right after the script tag)
 *   data-server="URL"      the Veiviser web server (default: where widget.js came from)
 *   data-rasa-url="URL"    talk to Rasa directly instead of through the web server's proxy
 *   data-lang="nb|en"      first language of the widget's own labels (default: the page's lang)
 *   data-persona="kari"    default test login
 *   data-styles="auto|widget|none"  which style sheets to add (default auto: Designsystemet when the page has none)
 *   data-storage-key="veiviser"     prefix of the localStorage keys
 */
(function () {
  "use strict";

  var VERSION = "1.0.0";
  var PERSONAS = ["kari", "ahmed", "lise", "jon", "nora"];
  var STATUSES = ["todo", "done", "automatic", "waiting", "not_applicable"];
  var STATUS_COLOR = { todo: "accent", done: "success", automatic: "info", waiting: "warning", not_applicable: "neutral" };
  var RETRY_DELAYS = [2, 4, 8, 16, 30, 30];
  var CONTROL_PREFIXES = ["/switch_language", "/restart", "/delete_data"];

  // ---- texts ----------------------------------------------------------------------------------------------
  var T = {
    nb: {
      title: "Veiviser",
      subtitle: "Digital veileder når livet endrer seg",
      intro: "Fortell hva som har skjedd, for eksempel «faren min døde i går». Da får du en sjekkliste med det du må gjøre, hvem som gjør hva, og fristene.",
      langGroup: "Språk",
      persona: "Testinnlogging",
      personaHint: "Bare for testing. Velg en oppdiktet person i stedet for å logge inn med ID-porten.",
      personaOption: "{name} (testperson)",
      restart: "Start på nytt",
      del: "Slett mine data",
      privacySummary: "Personvern: les dette før du skriver",
      privacy1: "Ikke skriv fødselsnummer, D-nummer eller opplysninger om helse i chatten.",
      privacy2: "Vi lagrer samtalen i 30 dager, slik at du kan fortsette senere. Før vi lagrer den, fjerner vi fødselsnumre, D-numre, telefonnumre og e-postadresser.",
      privacy3: "Du kan slette samtalen når du vil med knappen «Slett mine data».",
      logLabel: "Samtale med Veiviser",
      inputLabel: "Skriv meldingen din",
      inputHint: "Enter sender meldingen. Shift + Enter gir ny linje.",
      send: "Send",
      typing: "Veiviser skriver",
      you: "Du skrev:",
      bot: "Veiviser svarte:",
      note: "Melding:",
      notSent: "Ikke sendt ennå",
      errorSend: "Vi får ikke kontakt med Veiviser akkurat nå. Meldingen din er ikke borte. Den blir sendt når forbindelsen er tilbake.",
      retryIn: "Vi prøver igjen automatisk om {n} sekunder.",
      retryManual: "Trykk «Prøv igjen» når du vil prøve på nytt.",
      retry: "Prøv igjen",
      errorHistory: "Vi fikk ikke hentet samtalen din fra Veiviser.",
      recovered: "Forbindelsen er tilbake.",
      restarted: "Du har startet en ny samtale.",
      deleted: "Samtalen din er slettet hos Veiviser og i denne nettleseren.",
      deleteFailed: "Vi fikk ikke slettet samtalen, fordi vi ikke får kontakt med Veiviser. Prøv igjen om litt.",
      langChanged: "Språket er endret til norsk bokmål.",
      personaChanged: "Du er nå logget inn som testpersonen {name}.",
      choices: "Svaralternativer",
      panelHeading: "Din sjekkliste",
      panelEmpty: "Når du har fortalt hva som har skjedd, kommer sjekklisten din her.",
      stepDoneDisplay: "Jeg har gjort dette: {title}",
      stepDoneGeneric: "Jeg har gjort et steg i sjekklisten.",
      close: "Lukk"
    },
    en: {
      title: "Veiviser",
      subtitle: "Your digital guide when life changes",
      intro: "Tell us what has happened, for example “my mother passed away last week”. You will get a checklist of what to do, who does what, and the deadlines.",
      langGroup: "Language",
      persona: "Test login",
      personaHint: "For testing only. Choose a made-up person instead of logging in with ID-porten.",
      personaOption: "{name} (test person)",
      restart: "Start over",
      del: "Delete my data",
      privacySummary: "Privacy: read this before you write",
      privacy1: "Do not type national identity numbers (fødselsnummer, D-nummer) or health details in the chat.",
      privacy2: "We keep the conversation for 30 days so that you can continue later. Before we store it, we remove identity numbers, phone numbers and e-mail addresses.",
      privacy3: "You can delete the conversation at any time with the “Delete my data” button.",
      logLabel: "Conversation with Veiviser",
      inputLabel: "Write your message",
      inputHint: "Enter sends the message. Shift + Enter adds a new line.",
      send: "Send",
      typing: "Veiviser is typing",
      you: "You wrote:",
      bot: "Veiviser replied:",
      note: "Notice:",
      notSent: "Not sent yet",
      errorSend: "We cannot reach Veiviser right now. Your message is not lost. It will be sent when the connection is back.",
      retryIn: "We will try again automatically in {n} seconds.",
      retryManual: "Press “Try again” when you want to retry.",
      retry: "Try again",
      errorHistory: "We could not load your conversation from Veiviser.",
      recovered: "The connection is back.",
      restarted: "You have started a new conversation.",
      deleted: "Your conversation has been deleted from Veiviser and from this browser.",
      deleteFailed: "We could not delete the conversation because we cannot reach Veiviser. Please try again shortly.",
      langChanged: "The language is now English.",
      personaChanged: "You are now logged in as the test person {name}.",
      choices: "Choices",
      panelHeading: "Your checklist",
      panelEmpty: "When you have told us what has happened, your checklist appears here.",
      stepDoneDisplay: "I have done this: {title}",
      stepDoneGeneric: "I have done a step in the checklist.",
      close: "Close"
    }
  };

  // Labels inside a checklist follow the checklist's own language.
  var C = {
    nb: {
      progress: "{done} av {total} steg er gjort",
      eventDate: "Dato for hendelsen: {date}",
      step: "Steg {n}",
      agency: "Hvem",
      due: "Frist",
      status: "Status",
      noDue: "Ingen fast frist",
      link: "Gå til tjenesten",
      newTab: "(åpnes i ny fane)",
      markDone: "Merk som gjort",
      print: "Skriv ut sjekklisten",
      ics: "Last ned fristene til kalenderen (.ics)",
      icsFile: "veiviser-frister.ics",
      icsSummary: "Frist: {title}",
      icsDescAgency: "Hvem: {agency}",
      summary: "Sjekklisten «{title}»: {progress}. Den står ved siden av samtalen.",
      showPanel: "Gå til sjekklisten",
      superseded: "Sjekklisten «{title}» er oppdatert. Den nyeste versjonen står lenger ned.",
      statuses: { todo: "Du må gjøre dette", done: "Gjort", automatic: "Skjer automatisk", waiting: "Venter på svar", not_applicable: "Gjelder ikke deg" },
      today: "i dag",
      tomorrow: "i morgen",
      inDays: "om {n} dager",
      overdueYesterday: "forfalt i går",
      overdueDays: "forfalt for {n} dager siden",
      overdue: "forfalt",
      receipt: "Disse har fått beskjed",
      links: "Lenker"
    },
    en: {
      progress: "{done} of {total} steps done",
      eventDate: "Date of the event: {date}",
      step: "Step {n}",
      agency: "Who",
      due: "Deadline",
      status: "Status",
      noDue: "No fixed deadline",
      link: "Go to the service",
      newTab: "(opens in a new tab)",
      markDone: "Mark as done",
      print: "Print the checklist",
      ics: "Download the deadlines to your calendar (.ics)",
      icsFile: "veiviser-deadlines.ics",
      icsSummary: "Deadline: {title}",
      icsDescAgency: "Who: {agency}",
      summary: "Checklist “{title}”: {progress}. It is shown next to the conversation.",
      showPanel: "Go to the checklist",
      superseded: "The checklist “{title}” has been updated. The newest version is further down.",
      statuses: { todo: "You need to do this", done: "Done", automatic: "Happens automatically", waiting: "Waiting for an answer", not_applicable: "Does not apply to you" },
      today: "today",
      tomorrow: "tomorrow",
      inDays: "in {n} days",
      overdueYesterday: "overdue since yesterday",
      overdueDays: "overdue by {n} days",
      overdue: "overdue",
      receipt: "These have been told",
      links: "Links"
    }
  };

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return values && values[key] !== undefined ? values[key] : m;
    });
  }
  function normLang(lang) {
    lang = String(lang || "").toLowerCase();
    return lang.indexOf("en") === 0 ? "en" : "nb";
  }

  // ---- pure helpers (exported for tests) ------------------------------------------------------------------
  function escapeHtml(text) {
    return String(text == null ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function safeUrl(url) {
    url = String(url || "").trim();
    return /^(https?:\/\/|mailto:|tel:)/i.test(url) ? url : null;
  }

  function linkHtml(url, label, lang) {
    return '<a class="ds-link" href="' + escapeHtml(url) + '" target="_blank" rel="noopener noreferrer">' +
      label + '<span class="ds-sr-only"> ' + escapeHtml(C[normLang(lang)].newTab) + "</span></a>";
  }

  // Inline Markdown: [label](url), bare http(s) URLs and **bold**. Everything else is escaped.
  function inlineMarkdown(text, lang) {
    var pattern = /\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])|\*\*([^*\n]+)\*\*/g;
    var out = "";
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      out += escapeHtml(text.slice(last, match.index));
      if (match[1] !== undefined) {
        var url = safeUrl(match[2]);
        out += url ? linkHtml(url, inlineMarkdown(match[1], lang), lang) : escapeHtml(match[0]);
      } else if (match[3] !== undefined) {
        out += linkHtml(match[3], escapeHtml(match[3]), lang);
      } else {
        out += "<strong>" + inlineMarkdown(match[4], lang) + "</strong>";
      }
      last = pattern.lastIndex;
    }
    return out + escapeHtml(text.slice(last));
  }

  // Block Markdown: paragraphs (blank line), line breaks, "- " / "* " / "• " lists and "1. " lists.
  function renderMarkdown(text, lang) {
    var lines = String(text == null ? "" : text).replace(/\r\n?/g, "\n").split("\n");
    var html = "";
    var para = [];
    var list = null;
    function flushPara() {
      if (para.length) {
        html += "<p>" + para.map(function (l) { return inlineMarkdown(l, lang); }).join("<br>") + "</p>";
        para = [];
      }
    }
    function flushList() {
      if (list) {
        html += "<" + list.tag + ">" + list.items.map(function (i) { return "<li>" + inlineMarkdown(i, lang) + "</li>"; }).join("") + "</" + list.tag + ">";
        list = null;
      }
    }
    lines.forEach(function (line) {
      var bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
      var numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (bullet || numbered) {
        flushPara();
        var tag = bullet ? "ul" : "ol";
        if (list && list.tag !== tag) flushList();
        if (!list) list = { tag: tag, items: [] };
        list.items.push((bullet || numbered)[1]);
      } else if (!line.trim()) {
        flushPara();
        flushList();
      } else {
        flushList();
        para.push(line);
      }
    });
    flushPara();
    flushList();
    return html;
  }

  function parseIsoDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
  }
  function dayNumber(parts) { return Math.round(Date.UTC(parts.y, parts.m - 1, parts.d) / 86400000); }
  function todayParts(now) {
    now = now || new Date();
    return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  }

  // "om 12 dager" / "in 12 days", "forfalt for 3 dager siden" / "overdue by 3 days".
  function relativeDue(iso, lang, now) {
    var due = parseIsoDate(iso);
    if (!due) return null;
    var c = C[normLang(lang)];
    var diff = dayNumber(due) - dayNumber(todayParts(now));
    if (diff > 1) return { days: diff, overdue: false, text: fmt(c.inDays, { n: diff }) };
    if (diff === 1) return { days: diff, overdue: false, text: c.tomorrow };
    if (diff === 0) return { days: diff, overdue: false, text: c.today };
    if (diff === -1) return { days: diff, overdue: true, text: c.overdueYesterday };
    return { days: diff, overdue: true, text: fmt(c.overdueDays, { n: -diff }) };
  }

  function formatDate(iso, lang) {
    var p = parseIsoDate(iso);
    if (!p) return String(iso || "");
    try {
      return new Intl.DateTimeFormat(normLang(lang) === "en" ? "en-GB" : "nb-NO",
        { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(p.y, p.m - 1, p.d)));
    } catch (e) {
      return iso;
    }
  }

  function sortedSteps(chain) {
    return (chain && Array.isArray(chain.steps) ? chain.steps.slice() : []).sort(function (a, b) {
      return (a.position || 0) - (b.position || 0);
    });
  }

  // ---- RFC 5545 calendar ----------------------------------------------------------------------------------
  function icsEscape(text) {
    return String(text == null ? "" : text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }
  // Lines longer than 75 octets are folded: CRLF followed by one space (RFC 5545 section 3.1).
  function icsFold(line) {
    var encoder = typeof TextEncoder !== "undefined" ? new TextEncoder() : null;
    var size = function (ch) { return encoder ? encoder.encode(ch).length : unescape(encodeURIComponent(ch)).length; };
    var out = [];
    var current = "";
    var bytes = 0;
    var limit = 75;
    Array.from(line).forEach(function (ch) {
      var n = size(ch);
      if (bytes + n > limit) {
        out.push(current);
        current = " ";
        bytes = 1;
      }
      current += ch;
      bytes += n;
    });
    out.push(current);
    return out.join("\r\n");
  }
  function icsDate(parts) {
    return String(parts.y).padStart(4, "0") + String(parts.m).padStart(2, "0") + String(parts.d).padStart(2, "0");
  }
  function icsStamp(now) {
    return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  }
  function buildIcs(chain, now) {
    now = now || new Date();
    var lang = normLang(chain && chain.language);
    var c = C[lang];
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Veiviser//Sjekkliste " + VERSION + "//" + (lang === "en" ? "EN" : "NB"),
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:" + icsEscape("Veiviser: " + (chain.title || ""))
    ];
    var stamp = icsStamp(now);
    sortedSteps(chain).forEach(function (step) {
      var due = parseIsoDate(step.due);
      if (!due || step.status === "done" || step.status === "not_applicable") return;
      var next = new Date(Date.UTC(due.y, due.m - 1, due.d + 1));
      var agency = step.agency && (step.agency.name || step.agency.id) || "";
      var description = [fmt(c.icsDescAgency, { agency: agency }), step.why || "", safeUrl(step.url) || ""]
        .filter(Boolean).join("\n");
      lines.push("BEGIN:VEVENT");
      lines.push("UID:" + icsEscape((chain.life_event || "chain") + "-" + step.id + "@veiviser"));
      lines.push("DTSTAMP:" + stamp);
      lines.push("DTSTART;VALUE=DATE:" + icsDate(due));
      lines.push("DTEND;VALUE=DATE:" + icsDate({ y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() }));
      lines.push("SUMMARY:" + icsEscape(fmt(c.icsSummary, { title: step.title || step.id })));
      lines.push("DESCRIPTION:" + icsEscape(description));
      if (safeUrl(step.url)) lines.push("URL:" + safeUrl(step.url));
      lines.push("TRANSP:TRANSPARENT");
      lines.push("BEGIN:VALARM");
      lines.push("ACTION:DISPLAY");
      lines.push("TRIGGER:-P3D");
      lines.push("DESCRIPTION:" + icsEscape(fmt(c.icsSummary, { title: step.title || step.id })));
      lines.push("END:VALARM");
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(icsFold).join("\r\n") + "\r\n";
  }

  // ---- small DOM helpers ----------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "html") node.innerHTML = value;
      else if (key === "className") node.className = value;
      else if (key.indexOf("on") === 0 && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function guessLang(text, fallback) {
    var t = " " + String(text || "").toLowerCase() + " ";
    if (/[æøå]/.test(t)) return "nb";
    var nb = (t.match(/ (og|du|er|ikke|det|jeg|har|på|som|hva|kan|skal|må|til|med|deg) /g) || []).length;
    var en = (t.match(/ (the|you|and|is|are|not|what|can|will|have|your|to|with|for|of) /g) || []).length;
    if (nb > en) return "nb";
    if (en > nb) return "en";
    return fallback;
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  var storage = {
    get: function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
    remove: function (key) { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  };

  var instanceCount = 0;

  // ---- the widget -----------------------------------------------------------------------------------------
  function Widget(options) {
    instanceCount += 1;
    this.uid = "vv" + instanceCount;
    this.opts = options;
    this.key = options.storageKey || "veiviser";
    this.server = (options.server || "").replace(/\/+$/, "");
    this.rasa = (options.rasaUrl || "").replace(/\/+$/, "");
    this.lang = normLang(storage.get(this.key + ".lang") || options.lang);
    var persona = storage.get(this.key + ".persona") || options.persona || "kari";
    this.persona = PERSONAS.indexOf(persona) >= 0 ? persona : "kari";
    this.sessionId = storage.get(this.key + ".session") || this.newSessionId();
    this.queue = [];
    this.sending = false;
    this.attempts = 0;
    this.retryTimer = null;
    this.failing = false;
    this.chains = {};          // life_event -> newest service_chain payload
    this.chainViews = {};      // life_event -> inline message nodes showing that chain
    this.currentLifeEvent = null;
    this.buttonHistory = {};   // payload -> title, to show a readable bubble for payloads in the history
    this.viewCount = 0;
    this.build(options.mount);
    this.restorePending();
    this.loadHistory();
  }

  Widget.prototype.t = function (key, values) { return fmt(T[this.lang][key], values); };

  Widget.prototype.newSessionId = function () {
    var id = "web-" + randomId();
    storage.set(this.key + ".session", id);
    return id;
  };

  Widget.prototype.url = function (path) {
    return (this.rasa || this.server) + path;
  };

  // ---- building the chrome --------------------------------------------------------------------------------
  Widget.prototype.build = function (mount) {
    var self = this;
    var id = function (name) { return self.uid + "-" + name; };
    this.root = el("section", { className: "vv", lang: this.lang, "data-color-scheme": "light", "data-color": "accent", "aria-labelledby": id("title") });

    var langButtons = ["nb", "en"].map(function (code) {
      return el("button", {
        type: "button", className: "ds-button vv-lang-btn", "data-variant": "tertiary", "data-size": "sm",
        lang: code, "data-lang": code, "aria-pressed": String(self.lang === code),
        text: code === "nb" ? "Bokmål" : "English",
        onclick: function () { self.switchLanguage(code); }
      });
    });
    this.langGroup = el("div", { className: "vv-lang", role: "group", "aria-labelledby": id("lang-label") }, [
      el("span", { id: id("lang-label"), className: "vv-lang-label", "data-i18n": "langGroup" })
    ].concat(langButtons));
    this.langButtons = langButtons;

    this.personaSelect = el("select", { id: id("persona"), className: "ds-input vv-persona", "data-size": "sm", "aria-describedby": id("persona-hint"),
      onchange: function () { self.setPersona(self.personaSelect.value); } });
    PERSONAS.forEach(function (p) { self.personaSelect.appendChild(el("option", { value: p })); });
    this.personaSelect.value = this.persona;

    this.restartButton = el("button", { type: "button", className: "ds-button", "data-variant": "secondary", "data-size": "sm", "data-i18n": "restart", "data-action": "restart",
      onclick: function () { self.startOver(); } });
    this.deleteButton = el("button", { type: "button", className: "ds-button", "data-variant": "secondary", "data-color": "danger", "data-size": "sm", "data-i18n": "del", "data-action": "delete",
      onclick: function () { self.deleteData(); } });

    var header = el("div", { className: "vv-header" }, [
      el("div", { className: "vv-heading" }, [
        el("h2", { id: id("title"), className: "ds-heading vv-title", "data-size": "sm", "data-i18n": "title" }),
        el("p", { className: "vv-subtitle", "data-i18n": "subtitle" })
      ]),
      el("div", { className: "vv-toolbar" }, [
        this.langGroup,
        el("div", { className: "vv-persona-field" }, [
          el("label", { "for": id("persona"), className: "ds-label vv-persona-label", "data-size": "sm" }, [
            el("span", { className: "vv-test-badge", "aria-hidden": "true", text: "TEST" }), " ",
            el("span", { "data-i18n": "persona" })
          ]),
          this.personaSelect,
          el("p", { id: id("persona-hint"), className: "vv-hint", "data-i18n": "personaHint" })
        ]),
        el("div", { className: "vv-actions" }, [this.restartButton, this.deleteButton])
      ])
    ]);

    this.privacy = el("details", { className: "vv-privacy", open: true }, [
      el("summary", { "data-i18n": "privacySummary" }),
      el("ul", {}, [
        el("li", { "data-i18n": "privacy1" }), el("li", { "data-i18n": "privacy2" }), el("li", { "data-i18n": "privacy3" })
      ])
    ]);

    this.log = el("div", { id: id("log"), className: "vv-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-labelledby": id("log-label"), tabindex: "0" });
    this.typing = el("div", { className: "vv-typing", role: "status" });
    this.alerts = el("div", { className: "vv-alerts", "aria-live": "assertive", "aria-atomic": "true" });
    this.notes = el("div", { className: "vv-notes ds-sr-only", role: "status", "aria-live": "polite" });

    this.input = el("textarea", { id: id("input"), className: "ds-input vv-input", rows: "2", maxlength: "1000", autocomplete: "off", "aria-describedby": id("input-hint"),
      onkeydown: function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          self.submit();
        }
      } });
    this.form = el("form", { className: "vv-form", novalidate: true,
      onsubmit: function (event) { event.preventDefault(); self.submit(); } }, [
      el("label", { "for": id("input"), className: "ds-label vv-input-label", "data-i18n": "inputLabel" }),
      el("p", { id: id("input-hint"), className: "vv-hint", "data-i18n": "inputHint" }),
      el("div", { className: "vv-input-row" }, [
        this.input,
        el("button", { type: "submit", className: "ds-button vv-send", "data-variant": "primary", "data-i18n": "send" })
      ])
    ]);

    var chat = el("div", { className: "vv-chat" }, [
      el("p", { className: "vv-intro", "data-i18n": "intro" }),
      this.privacy,
      el("h3", { id: id("log-label"), className: "ds-sr-only", "data-i18n": "logLabel" }),
      this.log,
      this.typing,
      this.alerts,
      this.notes,
      this.form
    ]);

    this.panelBody = el("div", { className: "vv-panel-body" });
    this.panel = el("section", { className: "vv-panel", "aria-labelledby": id("panel-title") }, [
      el("h3", { id: id("panel-title"), className: "ds-heading vv-panel-title", "data-size": "2xs", tabindex: "-1", "data-i18n": "panelHeading" }),
      this.panelBody
    ]);
    this.panelTitle = this.panel.querySelector(".vv-panel-title");

    this.root.appendChild(header);
    this.root.appendChild(el("div", { className: "vv-body" }, [chat, this.panel]));
    mount.appendChild(this.root);

    // What gets printed: only the current checklist.
    this.printArea = el("div", { className: "vv-print", "aria-hidden": "true" });
    document.body.appendChild(this.printArea);

    this.applyTexts();
    this.renderPanel();
  };

  Widget.prototype.applyTexts = function () {
    var self = this;
    this.root.setAttribute("lang", this.lang);
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = self.t(node.getAttribute("data-i18n"));
    });
    Array.prototype.forEach.call(this.personaSelect.options, function (option) {
      var name = option.value.charAt(0).toUpperCase() + option.value.slice(1);
      option.textContent = self.t("personaOption", { name: name });
    });
    this.langButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === self.lang));
    });
    this.typing.innerHTML = "";
    if (this.sending) this.showTyping(true);
    if (!this.currentChain()) this.renderPanel();
  };

  // ---- messages -------------------------------------------------------------------------------------------
  Widget.prototype.addUserBubble = function (text, lang) {
    var node = el("div", { className: "vv-msg vv-msg--user", lang: lang || this.lang }, [
      el("span", { className: "ds-sr-only", text: this.t("you") + " " }),
      el("div", { className: "vv-bubble", text: text })
    ]);
    this.appendToLog(node);
    return node;
  };

  Widget.prototype.addNote = function (text) {
    var node = el("p", { className: "vv-msg vv-msg--note", lang: this.lang, text: text });
    this.appendToLog(node);
    return node;
  };

  Widget.prototype.appendToLog = function (node) {
    this.log.appendChild(node);
    if (this.privacy.open && this.log.querySelector(".vv-msg--user")) this.privacy.open = false;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    try { node.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" }); } catch (e) { node.scrollIntoView(false); }
  };

  // One message as returned by Rasa's REST channel, or a bot event's data from the tracker.
  Widget.prototype.renderBotMessage = function (message, fromHistory) {
    var self = this;
    var custom = message.custom && typeof message.custom === "object" ? message.custom : null;
    var textLang = guessLang(message.text || (custom && custom.text) || "", custom && custom.language ? normLang(custom.language) : this.lang);
    var lang = custom && custom.language ? normLang(custom.language) : textLang;
    var node = el("div", { className: "vv-msg vv-msg--bot", lang: lang }, [
      el("span", { className: "ds-sr-only", lang: this.lang, text: this.t("bot") + " " })
    ]);
    var hasContent = false;
    if (message.text) {
      node.appendChild(el("div", { className: "vv-bubble", html: renderMarkdown(message.text, lang) }));
      hasContent = true;
    }
    if (message.image && safeUrl(message.image)) {
      node.appendChild(el("img", { className: "vv-image", src: message.image, alt: "" }));
      hasContent = true;
    }
    if (custom) {
      var customNode = this.renderCustom(custom, lang);
      if (customNode) {
        node.appendChild(customNode);
        hasContent = true;
      }
    }
    var buttons = (message.buttons || []).concat(custom && Array.isArray(custom.buttons) ? custom.buttons : []);
    if (buttons.length) {
      node.appendChild(this.renderButtons(buttons, lang, fromHistory));
      hasContent = true;
    }
    if (!hasContent) return null;
    this.appendToLog(node);
    if (custom && custom.type === "service_chain") this.markSuperseded(custom.life_event, node);
    return node;
  };

  Widget.prototype.renderButtons = function (buttons, lang, fromHistory) {
    var self = this;
    var group = el("div", { className: "vv-buttons", role: "group", "aria-label": this.t("choices") });
    buttons.forEach(function (button) {
      var title = button.title || button.payload;
      var payload = button.payload || button.title;
      self.buttonHistory[payload] = title;
      group.appendChild(el("button", {
        type: "button", className: "ds-button", "data-variant": "secondary", "data-size": "sm", "data-payload": payload, lang: lang, text: title,
        onclick: function (event) {
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
            b.setAttribute("aria-pressed", String(b === event.currentTarget));
          });
          group.classList.add("vv-buttons--chosen");
          self.send(payload, title);
          self.input.focus();
        }
      }));
    });
    return group;
  };

  Widget.prototype.renderCustom = function (custom, lang) {
    var self = this;
    if (custom.life_event) this.currentLifeEvent = custom.life_event;
    if (custom.type === "service_chain" && Array.isArray(custom.steps)) {
      var key = custom.life_event || "chain";
      this.chains[key] = custom;
      this.currentLifeEvent = key;
      var holder = el("div", { className: "vv-chain-inline", "data-life-event": key });
      this.fillInlineChain(holder, custom);
      this.chainViews[key] = (this.chainViews[key] || []).concat([holder]);
      this.renderPanel();
      return holder;
    }
    var c = C[normLang(custom.language || lang)];
    var box = el("div", { className: "vv-custom vv-custom--" + String(custom.type || "other").replace(/[^a-z0-9_-]/gi, ""), "data-type": custom.type || "" });
    var has = false;
    if (custom.title && custom.type !== "service_chain") {
      box.appendChild(el("p", { className: "vv-custom-title", text: custom.title }));
      has = true;
    }
    if (custom.text) {
      box.appendChild(el("div", { className: "vv-bubble", html: renderMarkdown(custom.text, lang) }));
      has = true;
    }
    var recipients = custom.recipients || custom.notified || custom.agencies;
    if (Array.isArray(recipients) && recipients.length) {
      box.appendChild(el("p", { className: "vv-custom-subtitle", text: c.receipt }));
      box.appendChild(el("ul", { className: "vv-list" }, recipients.map(function (r) {
        var name = typeof r === "string" ? r : (r.name || r.title || r.id || "");
        return el("li", { text: name + (r && r.reference ? " (" + r.reference + ")" : "") });
      })));
      has = true;
    }
    if (Array.isArray(custom.links) && custom.links.length) {
      var items = custom.links.map(function (link) {
        var url = safeUrl(typeof link === "string" ? link : (link.url || link.href));
        if (!url) return null;
        var label = typeof link === "string" ? link : (link.title || link.label || link.text || url);
        return el("li", { html: linkHtml(url, escapeHtml(label), lang) });
      }).filter(Boolean);
      if (items.length) {
        box.appendChild(el("ul", { className: "vv-links", "aria-label": c.links }, items));
        has = true;
      }
    }
    if (custom.life_event && this.chains[custom.life_event]) this.renderPanel();
    return has ? box : null;
  };

  // The newest chain of a life event is shown in full inline (narrow screens); older ones shrink to a note.
  Widget.prototype.fillInlineChain = function (holder, chain) {
    var self = this;
    var marker = focusMarker(holder);
    holder.innerHTML = "";
    var lang = normLang(chain.language || this.lang);
    var c = C[lang];
    var steps = sortedSteps(chain);
    var done = steps.filter(function (s) { return s.status === "done"; }).length;
    var summary = el("p", { className: "vv-chain-summary", lang: lang }, [
      fmt(c.summary, { title: chain.title || "", progress: fmt(c.progress, { done: done, total: steps.length }) }), " ",
      el("button", { type: "button", className: "ds-button vv-show-panel", "data-variant": "tertiary", "data-size": "sm", text: c.showPanel,
        onclick: function () { self.panelTitle.focus(); self.panel.scrollIntoView({ block: "start" }); } })
    ]);
    holder.appendChild(summary);
    holder.appendChild(this.renderChain(chain, { interactive: true, full: true }));
    restoreFocus(holder, marker);
  };

  Widget.prototype.markSuperseded = function (lifeEvent, newest) {
    var key = lifeEvent || "chain";
    var chain = this.chains[key] || {};
    var text = fmt(C[normLang(chain.language || this.lang)].superseded, { title: chain.title || "" });
    var views = this.chainViews[key] || [];
    views.forEach(function (holder) {
      if (newest.contains(holder)) return;
      holder.classList.add("vv-chain-inline--old");
      holder.innerHTML = "";
      holder.appendChild(el("p", { className: "vv-chain-old", text: text }));
    });
    this.chainViews[key] = views.filter(function (holder) { return newest.contains(holder); });
  };

  Widget.prototype.currentChain = function () {
    if (this.currentLifeEvent && this.chains[this.currentLifeEvent]) return this.chains[this.currentLifeEvent];
    return null;
  };

  // Re-rendering a checklist must not drop the keyboard focus: remember where it was and put it back.
  function focusMarker(container) {
    var active = document.activeElement;
    if (!active || !container.contains(active)) return null;
    var step = active.closest("[data-step-id]");
    return { step: step ? step.getAttribute("data-step-id") : null, action: active.getAttribute("data-action") };
  }
  function restoreFocus(container, marker) {
    if (!marker) return;
    var scope = marker.step ? container.querySelector('[data-step-id="' + marker.step.replace(/["\\]/g, "") + '"]') : container;
    if (!scope) return;
    var target = (marker.action && scope.querySelector('[data-action="' + marker.action + '"]')) || scope.querySelector(".vv-step-title") || scope.querySelector("h3");
    if (target) target.focus();
  }

  Widget.prototype.renderPanel = function () {
    var chain = this.currentChain();
    var marker = focusMarker(this.panelBody);
    this.panelBody.innerHTML = "";
    this.printArea.innerHTML = "";
    if (!chain) {
      this.panelBody.appendChild(el("p", { className: "vv-panel-empty", text: this.t("panelEmpty") }));
      return;
    }
    this.panelBody.appendChild(this.renderChain(chain, { interactive: true }));
    this.printArea.appendChild(this.renderChain(chain, { interactive: false, print: true }));
    restoreFocus(this.panelBody, marker);
  };

  Widget.prototype.refreshChainViews = function (lifeEvent) {
    var self = this;
    var chain = this.chains[lifeEvent];
    (this.chainViews[lifeEvent] || []).forEach(function (holder) { self.fillInlineChain(holder, chain); });
    this.renderPanel();
  };

  Widget.prototype.renderChain = function (chain, options) {
    var self = this;
    this.viewCount += 1;
    var prefix = this.uid + "-c" + this.viewCount;
    var lang = normLang(chain.language || this.lang);
    var c = C[lang];
    var steps = sortedSteps(chain);
    var done = steps.filter(function (s) { return s.status === "done"; }).length;
    var section = el("section", { className: "vv-chain", lang: lang, "aria-labelledby": prefix + "-title", "data-life-event": chain.life_event || "" });
    var HeadingTag = options.print ? "h1" : "h3";
    section.appendChild(el(HeadingTag, { id: prefix + "-title", className: "ds-heading vv-chain-title", "data-size": "xs", text: chain.title || "" }));
    var meta = el("p", { className: "vv-chain-meta" }, [fmt(c.progress, { done: done, total: steps.length })]);
    if (chain.event_date) meta.appendChild(document.createTextNode(". " + fmt(c.eventDate, { date: formatDate(chain.event_date, lang) })));
    section.appendChild(meta);

    if (options.interactive) {
      var actions = el("div", { className: "vv-chain-actions" }, [
        el("button", { type: "button", className: "ds-button", "data-variant": "secondary", "data-size": "sm", "data-action": "print", text: c.print,
          onclick: function () { self.renderPanel(); window.print(); } })
      ]);
      if (steps.some(function (s) { return parseIsoDate(s.due) && s.status !== "done" && s.status !== "not_applicable"; })) {
        actions.appendChild(el("button", { type: "button", className: "ds-button", "data-variant": "secondary", "data-size": "sm", "data-action": "ics", text: c.ics,
          onclick: function () { self.downloadIcs(chain); } }));
      }
      section.appendChild(actions);
    }

    var list = el("ol", { className: "vv-steps" });
    steps.forEach(function (step) {
      var status = STATUSES.indexOf(step.status) >= 0 ? step.status : "todo";
      var stepId = prefix + "-s-" + String(step.id).replace(/[^A-Za-z0-9_-]/g, "");
      var item = el("li", { className: "vv-step vv-step--" + status, "data-step-id": step.id, "data-status": status, "aria-labelledby": stepId });
      item.appendChild(el("span", { className: "vv-step-num", "aria-hidden": "true", text: String(step.position || "") }));
      var body = el("div", { className: "vv-step-body" });
      body.appendChild(el("h4", { id: stepId, className: "vv-step-title", tabindex: "-1" }, [
        el("span", { className: "ds-sr-only", text: fmt(c.step, { n: step.position || "" }) + ": " }),
        step.title || step.id
      ]));
      var facts = el("dl", { className: "vv-facts" });
      var agency = step.agency && (step.agency.name || step.agency.id);
      if (agency) {
        facts.appendChild(el("dt", { text: c.agency }));
        facts.appendChild(el("dd", { className: "vv-agency", text: agency }));
      }
      facts.appendChild(el("dt", { text: c.due }));
      var dueCell = el("dd", { className: "vv-due" });
      if (parseIsoDate(step.due)) {
        var rel = relativeDue(step.due, lang);
        dueCell.appendChild(el("time", { datetime: step.due, text: formatDate(step.due, lang) }));
        var open = status === "todo" || status === "waiting";
        if (rel && (open || !rel.overdue)) {
          dueCell.appendChild(document.createTextNode(" "));
          dueCell.appendChild(el("span", { className: "vv-rel" + (rel.overdue && open ? " vv-rel--overdue" : ""), text: "(" + rel.text + ")" }));
        }
      } else {
        dueCell.appendChild(document.createTextNode(c.noDue));
      }
      facts.appendChild(dueCell);
      facts.appendChild(el("dt", { text: c.status }));
      facts.appendChild(el("dd", {}, [
        el("span", { className: "ds-tag vv-status", "data-color": STATUS_COLOR[status], "data-size": "sm", "data-status": status, text: c.statuses[status] })
      ]));
      body.appendChild(facts);
      if (step.why) body.appendChild(el("p", { className: "vv-why", text: step.why }));
      var url = safeUrl(step.url);
      if (url) {
        var label = agency ? c.link + " (" + agency + ")" : c.link;
        body.appendChild(el("p", { className: "vv-step-link", html: options.print ? escapeHtml(label) + ": " + escapeHtml(url) : linkHtml(url, escapeHtml(label), lang) }));
      }
      if (options.interactive && (status === "todo" || status === "waiting") && step.action !== "automatic") {
        body.appendChild(el("button", { type: "button", className: "ds-button vv-mark-done", "data-variant": "secondary", "data-size": "sm", "data-step": step.id, "data-action": "done",
          "aria-describedby": stepId, text: c.markDone,
          onclick: function (event) { self.markStepDone(chain, step, event.currentTarget); } }));
      }
      item.appendChild(body);
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  };

  Widget.prototype.markStepDone = function (chain, step, button) {
    var key = chain.life_event || "chain";
    var inPanel = this.panel.contains(button);
    step.status = "done";
    this.send('/step_done{"step_id": ' + JSON.stringify(String(step.id)) + "}", this.t("stepDoneDisplay", { title: step.title || step.id }));
    this.refreshChainViews(key);
    // Keep the keyboard where it was: on the same step's heading in the same view.
    var scope = inPanel ? this.panel : (this.chainViews[key] || [])[0];
    var heading = scope && scope.querySelector('[data-step-id="' + String(step.id).replace(/"/g, "") + '"] .vv-step-title');
    if (heading) heading.focus();
  };

  Widget.prototype.downloadIcs = function (chain) {
    var text = buildIcs(chain);
    var blob = new Blob([text], { type: "text/calendar;charset=utf-8" });
    var href = URL.createObjectURL(blob);
    var a = el("a", { href: href, download: C[normLang(chain.language || this.lang)].icsFile, className: "ds-sr-only" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(href); a.remove(); }, 1000);
  };

  // ---- typing, alerts -------------------------------------------------------------------------------------
  Widget.prototype.showTyping = function (on) {
    this.typing.innerHTML = "";
    this.root.classList.toggle("vv--busy", !!on);
    if (on) {
      this.typing.appendChild(el("span", { className: "vv-typing-text", text: this.t("typing") }));
      this.typing.appendChild(el("span", { className: "vv-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
    }
  };

  Widget.prototype.showAlert = function (message, retryLabel, onRetry, extra) {
    this.alerts.innerHTML = "";
    var box = el("div", { className: "ds-alert vv-alert", "data-color": "danger", "data-size": "sm" }, [
      el("p", { text: message + (extra ? " " + extra : "") })
    ]);
    if (onRetry) {
      box.appendChild(el("button", { type: "button", className: "ds-button vv-retry", "data-variant": "primary", "data-size": "sm", text: retryLabel, onclick: onRetry }));
    }
    this.alerts.appendChild(box);
  };

  Widget.prototype.clearAlert = function () { this.alerts.innerHTML = ""; };

  Widget.prototype.announce = function (text) {
    var notes = this.notes;
    notes.textContent = "";
    setTimeout(function () { notes.textContent = text; }, 50);
  };

  // ---- talking to Rasa ------------------------------------------------------------------------------------
  Widget.prototype.post = function (text, extraMetadata) {
    var metadata = { persona: this.persona, language: this.lang };
    Object.keys(extraMetadata || {}).forEach(function (k) { metadata[k] = extraMetadata[k]; });
    var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 65000) : null;
    return fetch(this.url("/webhooks/rest/webhook"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: this.sessionId, message: text, metadata: metadata }),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (timer) clearTimeout(timer);
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  };

  Widget.prototype.submit = function () {
    var text = this.input.value.trim();
    if (!text) {
      this.input.focus();
      return;
    }
    this.input.value = "";
    this.send(text, null);
  };

  // Queue a message: it is shown at once and kept (also across a reload) until Rasa has it.
  Widget.prototype.send = function (text, display, options) {
    options = options || {};
    var item = { id: randomId(), text: text, display: display || null, silent: !!options.silent, lang: this.lang };
    if (!item.silent) item.node = this.addUserBubble(display || text, display ? this.lang : guessLang(text, this.lang));
    this.queue.push(item);
    this.savePending();
    this.pump();
  };

  Widget.prototype.savePending = function () {
    var pending = this.queue.map(function (i) { return { id: i.id, text: i.text, display: i.display, silent: i.silent, lang: i.lang }; });
    if (pending.length) storage.set(this.key + ".pending", JSON.stringify({ session: this.sessionId, items: pending }));
    else storage.remove(this.key + ".pending");
  };

  Widget.prototype.restorePending = function () {
    var raw = storage.get(this.key + ".pending");
    if (!raw) return;
    try {
      var saved = JSON.parse(raw);
      if (saved.session === this.sessionId && Array.isArray(saved.items)) this.restoredPending = saved.items;
    } catch (e) { /* ignore */ }
    storage.remove(this.key + ".pending");
  };

  Widget.prototype.pump = function () {
    var self = this;
    if (this.sending || !this.queue.length || this.historyLoading) return;
    var item = this.queue[0];
    this.sending = true;
    if (this.retryTimer) { clearTimeout(this.retryTimer); this.retryTimer = null; }
    if (item.node) { item.node.classList.remove("vv-msg--failed"); item.node.classList.add("vv-msg--sending"); }
    this.showTyping(true);
    var metadata = item.display ? { display_text: item.display } : {};
    this.post(item.text, metadata).then(function (replies) {
      self.sending = false;
      self.showTyping(false);
      self.queue.shift();
      self.savePending();
      if (item.node) {
        item.node.classList.remove("vv-msg--sending", "vv-msg--failed");
        var flag = item.node.querySelector(".vv-flag");
        if (flag) flag.remove();
      }
      if (self.failing) {
        self.failing = false;
        self.clearAlert();
        self.announce(self.t("recovered"));
      }
      self.attempts = 0;
      if (self.historyFailed) {
        self.reloadHistory();  // the history now holds this exchange too
        return;
      }
      (Array.isArray(replies) ? replies : []).forEach(function (message) { self.renderBotMessage(message, false); });
      self.pump();
    }, function () {
      self.sending = false;
      self.showTyping(false);
      self.failing = true;
      if (item.node) {
        item.node.classList.remove("vv-msg--sending");
        item.node.classList.add("vv-msg--failed");
        if (!item.node.querySelector(".vv-flag")) item.node.appendChild(el("span", { className: "vv-flag", text: self.t("notSent") }));
      }
      self.scheduleRetry(function () { self.retryAll(); }, self.t("errorSend"));
    });
  };

  Widget.prototype.scheduleRetry = function (action, message) {
    var self = this;
    var delay = RETRY_DELAYS[this.attempts];
    this.attempts += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    var retryNow = function () {
      if (self.retryTimer) { clearTimeout(self.retryTimer); self.retryTimer = null; }
      action();
    };
    if (delay !== undefined) {
      this.retryTimer = setTimeout(function () { self.retryTimer = null; action(); }, delay * 1000);
      this.showAlert(message, this.t("retry"), retryNow, this.t("retryIn", { n: delay }));
    } else {
      this.showAlert(message, this.t("retry"), function () { self.attempts = 0; retryNow(); }, this.t("retryManual"));
    }
  };

  Widget.prototype.loadHistory = function () {
    var self = this;
    this.historyLoading = true;
    fetch(this.url("/conversations/" + encodeURIComponent(this.sessionId) + "/tracker"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) return { events: [] };
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (tracker) {
        self.historyLoading = false;
        self.historyFailed = false;
        if (self.failing) { self.failing = false; self.clearAlert(); self.announce(self.t("recovered")); }
        self.attempts = 0;
        self.renderHistory(tracker && tracker.events || []);
        self.requeueRestored(false);
      }, function () {
        self.historyLoading = false;
        self.historyFailed = true;
        self.failing = true;
        self.requeueRestored(true);
        self.scheduleRetry(function () { self.retryAll(); }, self.t("errorHistory"));
      });
  };

  // Start again from what Rasa has stored; messages still queued are shown after it and sent.
  Widget.prototype.reloadHistory = function () {
    this.log.innerHTML = "";
    this.chains = {};
    this.chainViews = {};
    this.currentLifeEvent = null;
    this.renderPanel();
    this.queue.forEach(function (item) { item.node = null; });
    this.loadHistory();
  };

  Widget.prototype.retryAll = function () {
    if (this.historyFailed) this.reloadHistory();
    else this.pump();
  };

  // Messages that were queued when the page was closed (or while the history loads) are shown again and sent.
  Widget.prototype.requeueRestored = function (hold) {
    var self = this;
    var restored = this.restoredPending || [];
    this.restoredPending = null;
    restored.forEach(function (saved) {
      self.queue.push({ id: saved.id, text: saved.text, display: saved.display, silent: saved.silent, lang: saved.lang });
    });
    this.queue.forEach(function (item) {
      if (item.silent || item.node) return;
      item.node = self.addUserBubble(item.display || item.text, item.lang);
      if (hold) {
        item.node.classList.add("vv-msg--failed");
        item.node.appendChild(el("span", { className: "vv-flag", text: self.t("notSent") }));
      }
    });
    this.savePending();
    if (!hold) this.pump();
  };

  Widget.prototype.renderHistory = function (events) {
    var self = this;
    var start = 0;
    events.forEach(function (event, index) { if (event.event === "restart") start = index + 1; });
    events.slice(start).forEach(function (event) {
      if (event.event === "user") {
        var text = event.text || "";
        var metadata = event.metadata || {};
        if (text.charAt(0) === "/") {
          if (CONTROL_PREFIXES.some(function (p) { return text.indexOf(p) === 0; })) return;
          var display = metadata.display_text || self.buttonHistory[text] ||
            (text.indexOf("/step_done") === 0 ? self.t("stepDoneGeneric") : null);
          if (display) self.addUserBubble(display, self.lang);
          return;
        }
        self.addUserBubble(metadata.display_text || text, guessLang(text, self.lang));
      } else if (event.event === "bot") {
        // Render a stored bot event the way Rasa's REST channel delivered it, so a reload shows what the person
        // saw: text without buttons comes one paragraph at a time, and the custom payload as its own item.
        var data = event.data || {};
        var text = (event.text || "").trim();
        var hasButtons = Array.isArray(data.buttons) && data.buttons.length > 0;
        var parts = !text ? [] : (hasButtons ? [text] : text.split("\n\n"));
        parts.forEach(function (part, i) {
          var last = i === parts.length - 1;
          self.renderBotMessage({ text: part, buttons: last && hasButtons ? data.buttons : undefined,
                                  image: last ? data.image : undefined }, true);
        });
        if (!parts.length && (hasButtons || data.image)) {
          self.renderBotMessage({ buttons: data.buttons, image: data.image }, true);
        }
        if (data.custom) self.renderBotMessage({ custom: data.custom }, true);
      }
    });
  };

  // ---- controls -------------------------------------------------------------------------------------------
  Widget.prototype.switchLanguage = function (code) {
    code = normLang(code);
    if (code === this.lang) return;
    this.lang = code;
    storage.set(this.key + ".lang", code);
    this.applyTexts();
    this.addNote(this.t("langChanged"));
    this.send('/switch_language{"language": "' + code + '"}', null, { silent: true });
  };

  Widget.prototype.setPersona = function (persona) {
    if (PERSONAS.indexOf(persona) < 0) return;
    this.persona = persona;
    storage.set(this.key + ".persona", persona);
    this.addNote(this.t("personaChanged", { name: persona.charAt(0).toUpperCase() + persona.slice(1) }));
  };

  Widget.prototype.resetConversation = function () {
    if (this.retryTimer) { clearTimeout(this.retryTimer); this.retryTimer = null; }
    this.queue = [];
    this.attempts = 0;
    this.failing = false;
    this.clearAlert();
    this.log.innerHTML = "";
    this.chains = {};
    this.chainViews = {};
    this.currentLifeEvent = null;
    this.buttonHistory = {};
    this.privacy.open = true;
    storage.remove(this.key + ".pending");
    this.sessionId = this.newSessionId();
    this.renderPanel();
  };

  Widget.prototype.startOver = function () {
    // The request body is built at once, so /restart goes to the old session id before the reset below.
    this.post("/restart").catch(function () { /* the old conversation then simply expires */ });
    this.resetConversation();
    this.announce(this.t("restarted"));
    this.addNote(this.t("restarted"));
    this.input.focus();
  };

  Widget.prototype.deleteData = function () {
    var self = this;
    this.deleteButton.disabled = true;
    this.post("/delete_data").then(function () {
      self.deleteButton.disabled = false;
      var prefix = self.key + ".";
      try {
        var keys = [];
        for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
        keys.forEach(function (k) { if (k && k.indexOf(prefix) === 0) window.localStorage.removeItem(k); });
      } catch (e) { /* ignore */ }
      self.resetConversation();
      self.addNote(self.t("deleted"));
      self.announce(self.t("deleted"));
      self.input.focus();
    }, function () {
      self.deleteButton.disabled = false;
      self.showAlert(self.t("deleteFailed"), self.t("retry"), function () { self.clearAlert(); self.deleteData(); });
    });
  };

  // ---- start-up -------------------------------------------------------------------------------------------
  function addStyles(base, mode) {
    if (mode === "none") return;
    var head = document.head || document.getElementsByTagName("head")[0];
    var has = function (part) {
      return Array.prototype.some.call(document.querySelectorAll('link[rel="stylesheet"]'), function (l) {
        return (l.getAttribute("href") || "").indexOf(part) >= 0;
      });
    };
    var sheets = [];
    if (mode !== "widget" && !has("designsystemet")) sheets.push(base + "/vendor/designsystemet.css");
    if (mode !== "widget" && !has("theme.css")) sheets.push(base + "/vendor/theme.css");
    if (!has("widget.css")) sheets.push(base + "/widget.css");
    sheets.forEach(function (href) { head.appendChild(el("link", { rel: "stylesheet", href: href })); });
  }

  function start(script) {
    var data = (script && script.dataset) || {};
    var src = script && script.src ? script.src : window.location.href;
    var base = data.server || src.replace(/\/[^/]*$/, "");
    addStyles(base, data.styles || "auto");
    var mount = data.target ? document.querySelector(data.target) : null;
    if (!mount) {
      mount = el("div", { className: "vv-mount" });
      if (script && script.parentNode) script.parentNode.insertBefore(mount, script.nextSibling);
      else document.body.appendChild(mount);
    }
    var widget = new Widget({
      mount: mount,
      server: base,
      rasaUrl: data.rasaUrl || "",
      lang: data.lang || document.documentElement.getAttribute("lang") || navigator.language,
      persona: data.persona,
      storageKey: data.storageKey
    });
    window.Veiviser.instances.push(widget);
    return widget;
  }

  var currentScript = document.currentScript;
  window.Veiviser = {
    version: VERSION,
    instances: [],
    buildIcs: buildIcs,
    renderMarkdown: renderMarkdown,
    relativeDue: relativeDue,
    formatDate: formatDate,
    start: start
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(currentScript); });
  } else {
    start(currentScript);
  }
})();
