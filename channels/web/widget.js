/*
 * SENCO qualification assistant: embeddable web chat widget (vanilla JS, no build step).
 *
 * Embed with one script tag and a config object:
 *   <script src="https://example.org/senco/widget.js"></script>
 *   <script>
 *     SencoWidget.init({serverUrl: "https://rasa.example.org", title: "NPQ or NASENCO?",
 *                       colours: {accent: "#1d70b8", text: "#0b0c0c", background: "#ffffff"},
 *                       greeting: "Hello! Ask me whether you need the NPQ for SENCOs."});
 *   </script>
 * widget.css is loaded from beside widget.js (override with `cssUrl`, or `cssUrl: false` to skip).
 * A training provider adds `courseUrl` (and `courseLabel`) to show a link to its course page on
 * answers where the NPQ for SENCOs applies or may still be taken.
 *
 * The widget draws what the server sends and words nothing about the law itself: the answer card
 * (`card` in the determination payload: the headline, the deadline, the status and the labels
 * in words, from the rules core's wording.yaml), the reasons and sources from their payloads, the
 * share links from `share`. A status code only picks a colour and an icon.
 *
 * Transport: Rasa's REST channel (POST {serverUrl}/webhooks/rest/webhook), not socket.io.
 * REST is stateless HTTP: one request per user message, the reply in the response, no connection
 * to keep alive or resume after a reload; it needs no client library (socket.io would need its
 * client library fetched from somewhere, and this widget makes no third-party requests and has no
 * build step to bundle one); and plain POSTs work behind simple reverse proxies and corporate
 * filters that break WebSocket upgrades. The conversation state lives in Rasa's tracker store
 * under the sender id, which the widget keeps in sessionStorage with the messages shown.
 *
 * Safety: every bot or user string is put in the page with textContent, never as HTML; links are
 * made only from payload hrefs that start with http:// or https:// (and the share payload's
 * mailto:); no request goes anywhere but serverUrl (the kiosk also loads the share QR image).
 */
(function (window, document) {
  "use strict";

  // v2: answers are stored as the server's card (v1 stored the bare determination).
  var STORAGE_KEY = "senco-widget:v2";
  var STATE_VERSION = 2;
  var MAX_ENTRIES = 300;
  var REQUEST_TIMEOUT_MS = 60000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var DEFAULTS = {
    serverUrl: "",
    title: "NPQ or NASENCO? Ask us",
    launcherLabel: "Do I need the NPQ for SENCOs?",
    greeting: "Hello! I can tell you whether you need the NASENCO or the NPQ for SENCOs, by when, " +
      "and what to do next. Start the check, or type a question.",
    colours: {accent: "#1d70b8", text: "#0b0c0c", background: "#ffffff"},
    starters: [
      {title: "Start the check", payload: "hi"},
      {title: "How long does the NPQ take?", payload: "How long does the NPQ take?"},
      {title: "Is it funded?", payload: "Is it funded?"}
    ],
    cssUrl: null,
    storage: "session",
    courseUrl: null,
    courseLabel: null
  };
  // A status code may pick a colour (widget.css) and an icon; its words come from the card.
  var STATUS_ICONS = {met: "\u2713", on_track: "\u2192", at_risk: "!", overdue: "!"};

  // The script element is only known while this file runs: remember where widget.css lives.
  var SCRIPT_SRC = (document.currentScript && document.currentScript.src) || "";
  var uid = 0;

  /* ---------- small helpers ---------- */

  function nextId(prefix) {
    uid += 1;
    return "senco-" + prefix + "-" + uid;
  }

  // el("p", {className: "x", text: "...", attrs: {...}, on: {click: fn}}, [children])
  function el(tag, props, children) {
    var node = document.createElement(tag);
    props = props || {};
    if (props.className) node.className = props.className;
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    if (props.attrs) {
      Object.keys(props.attrs).forEach(function (name) {
        var value = props.attrs[name];
        if (value === false || value === null || value === undefined) return;
        node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    if (props.on) {
      Object.keys(props.on).forEach(function (name) { node.addEventListener(name, props.on[name]); });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function safeHref(href) {
    if (typeof href !== "string") return null;
    var trimmed = href.trim();
    return /^https?:\/\/[^\s"'<>]+$/i.test(trimmed) ? trimmed : null;
  }

  function link(href, text) {
    var url = safeHref(href);
    if (!url) return el("span", {text: text});
    return el("a", {text: text, attrs: {href: url, target: "_blank", rel: "noopener noreferrer"}}, [
      el("span", {className: "senco-sr", text: " (opens in a new tab)"})
    ]);
  }

  function isoParts(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    if (!match) return null;
    var month = parseInt(match[2], 10);
    if (month < 1 || month > 12) return null;
    return {year: parseInt(match[1], 10), month: month, day: parseInt(match[3], 10)};
  }

  // "2026-09-01" -> "1 September 2026" (no Date object: no time zone can shift the day)
  function formatDate(iso) {
    var p = isoParts(iso);
    return p ? p.day + " " + MONTHS[p.month - 1] + " " + p.year : String(iso || "");
  }

  function newSenderId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function informPayload(fact, value) {
    // nasenco.status -> nasenco_status, as the assistant's slots are named
    return "/inform{" + JSON.stringify(String(fact).replace(/\./g, "_")) + ": " + JSON.stringify(value) + "}";
  }

  function capitalise(text) {
    text = String(text || "");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // Colour contrast (WCAG relative luminance), for hex colours only.
  function luminance(hex) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex || "").trim());
    if (!m) return null;
    var h = m[1].length === 3 ? m[1].replace(/(.)/g, "$1$1") : m[1];
    var rgb = [0, 2, 4].map(function (i) {
      var c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    if (la === null || lb === null) return null;
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function applyColours(root, colours) {
    var c = {
      accent: DEFAULTS.colours.accent, text: DEFAULTS.colours.text, background: DEFAULTS.colours.background
    };
    colours = colours || {};
    ["accent", "text", "background"].forEach(function (k) {
      if (typeof colours[k] === "string" && luminance(colours[k]) !== null) c[k] = colours[k];
    });
    if (contrast(c.text, c.background) < 4.5) {
      if (window.console) window.console.warn("SencoWidget: text and background colours contrast below 4.5:1; using defaults");
      c.text = DEFAULTS.colours.text;
      c.background = DEFAULTS.colours.background;
    }
    // Text on the accent colour: white or near-black, whichever reads better.
    var onAccent = contrast("#ffffff", c.accent) >= contrast("#0b0c0c", c.accent) ? "#ffffff" : "#0b0c0c";
    // The accent is used for button fills and for links on the background: 4.5:1 both ways.
    if (contrast(onAccent, c.accent) < 4.5 || contrast(c.accent, c.background) < 4.5) {
      if (window.console) window.console.warn("SencoWidget: accent colour lacks contrast; using the default");
      c.accent = DEFAULTS.colours.accent;
      onAccent = "#ffffff";
    }
    root.style.setProperty("--senco-accent", c.accent);
    root.style.setProperty("--senco-on-accent", onAccent);
    root.style.setProperty("--senco-text", c.text);
    root.style.setProperty("--senco-bg", c.background);
  }

  /* ---------- from Rasa REST messages to display items ---------- */

  function cleanButtons(buttons) {
    if (!Array.isArray(buttons)) return [];
    return buttons.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return {title: b.title, payload: b.payload}; });
  }

  // The share payload's email draft: a mailto: link and nothing else.
  function safeMailto(href) {
    if (typeof href !== "string") return null;
    var trimmed = href.trim();
    return /^mailto:[^\s"'<>]*$/i.test(trimmed) ? trimmed : null;
  }

  // The share payload's links (checked) and its labels (the words for them, from the server).
  function cleanShare(share) {
    if (!share || typeof share !== "object") return null;
    var labels = {};
    if (share.labels && typeof share.labels === "object") {
      Object.keys(share.labels).forEach(function (key) {
        if (typeof share.labels[key] === "string") labels[key] = share.labels[key];
      });
    }
    var clean = {
      summary: safeHref(share.summary_url),
      ics: safeHref(share.ics_url),
      qr: safeHref(share.qr_url),
      mailto: share.email && typeof share.email === "object" ? safeMailto(share.email.mailto) : null,
      labels: labels
    };
    return clean.summary || clean.ics || clean.qr || clean.mailto ? clean : null;
  }

  function isPlainText(item) {
    return !!item && item.type === "text" && !item.question && !item.sources && !(item.buttons && item.buttons.length);
  }

  function cardOf(custom) {
    var card = custom && custom.card;
    return card && typeof card === "object" && typeof card.headline === "string" ? card : null;
  }

  // A REST response (a list of messages) becomes display items: text (with its buttons), a
  // question attached to its text, an answer card, the reasons after "why?", an FAQ answer with
  // its source links.
  //
  // Rasa's REST channel sends each part of a Markdown text (parts are separated by blank lines)
  // as a message of its own. The text form of an answer starts with its headline in bold (after
  // the "what if" label for a what-if), and the card replaces those messages; the reasons' text
  // form starts with the same headline, and the reasons list replaces it. Nothing is read out of
  // the text: the messages are only compared with the card's own headline.
  function toItems(messages) {
    var list = (Array.isArray(messages) ? messages : []).filter(function (m) { return m && typeof m === "object"; });
    var items = [];

    function replaceTextForm(card, item) {
      var first = card ? "**" + card.headline + "**" : null;
      var before = card && card.hypothetical && card.labels ? card.labels.hypothetical : null;
      for (var i = items.length - 1; first && i >= 0 && isPlainText(items[i]); i -= 1) {
        if (items[i].text !== first) continue;
        if (before && i > 0 && isPlainText(items[i - 1]) && items[i - 1].text === before) i -= 1;
        items.splice(i, items.length - i, item);
        return;
      }
      items.push(item);
    }

    function nextCard(from) {
      for (var j = from + 1; j < list.length; j += 1) {
        var c = list[j].custom;
        if (c && c.type === "determination" && cardOf(c)) return cardOf(c);
      }
      return null;
    }

    list.forEach(function (m, index) {
      var c = m.custom;
      if (c && typeof c === "object") {
        var lastItem = items[items.length - 1];
        var prev = lastItem && lastItem.type === "text" && !lastItem.question && !lastItem.sources ? lastItem : null;
        if (c.type === "question") {
          var q = {fact: String(c.fact || ""), kind: String(c.kind || "text"), variant: String(c.variant || "first"),
            options: Array.isArray(c.options) ? c.options : []};
          if (prev) prev.question = q;
          else items.push({type: "text", text: "", buttons: [], question: q});
        } else if (c.type === "determination") {
          var card = cardOf(c);
          if (!card) return;  // nothing to draw: its text form stays
          replaceTextForm(card, {type: "determination", card: card,
            hypothetical: c.hypothetical === true || card.hypothetical === true,
            asOf: c.determination && typeof c.determination.as_of === "string" ? c.determination.as_of : null,
            share: c.hypothetical === true ? null : cleanShare(c.share)});
        } else if (c.type === "reasons" && Array.isArray(c.reasons)) {
          replaceTextForm(nextCard(index), {type: "reasons", reasons: c.reasons});
        } else if (c.type === "faq") {
          var sources = Array.isArray(c.sources) ? c.sources : [];
          var last = items.length - 1;
          // The answer and its source line come as two messages, the source line last: the links
          // take its place. A single message (no separate source line) is kept whole.
          if (sources.length && isPlainText(items[last]) && isPlainText(items[last - 1])) {
            items.pop();
            items[last - 1].sources = sources;
          } else if (isPlainText(items[last])) {
            items[last].sources = sources;
          } else {
            items.push({type: "text", text: "", buttons: [], sources: sources});
          }
        }
        // "answers", "offer" and unknown payloads: their text (if any) already says it all.
        return;
      }
      if (typeof m.text === "string" || Array.isArray(m.buttons)) {
        items.push({type: "text", text: typeof m.text === "string" ? m.text : "", buttons: cleanButtons(m.buttons)});
      }
      // Images and attachments are not shown: they would be requests to other hosts.
    });
    return items;
  }

  /* ---------- rendering ---------- */

  // One line of the server's Markdown: **bold** as <strong>, a line in _underscores_ as <em>,
  // everything else as text (textContent only: nothing in the text can become markup).
  function inlineText(line) {
    var frag = document.createDocumentFragment();
    var whole = /^_(.+)_$/.exec(line.trim());
    if (whole) {
      frag.appendChild(el("em", {text: whole[1]}));
      return frag;
    }
    line.split(/(\*\*[^*]+\*\*)/).forEach(function (part) {
      if (!part) return;
      var bold = /^\*\*([^*]+)\*\*$/.exec(part);
      frag.appendChild(bold ? el("strong", {text: bold[1]}) : document.createTextNode(part));
    });
    return frag;
  }

  // Text with line breaks and "- " bullets -> paragraphs and lists (all textContent).
  function formatText(text) {
    var frag = document.createDocumentFragment();
    var list = null;
    String(text || "").split("\n").forEach(function (line) {
      if (/^\s*[-\u2022]\s+/.test(line)) {
        if (!list) {
          list = el("ul", {className: "senco-list"});
          frag.appendChild(list);
        }
        list.appendChild(el("li", {}, [inlineText(line.replace(/^\s*[-\u2022]\s+/, ""))]));
      } else {
        list = null;
        if (line.trim()) frag.appendChild(el("p", {}, [inlineText(line)]));
      }
    });
    return frag;
  }

  function sourceList(sources, heading) {
    var seen = {};
    var items = [];
    (sources || []).forEach(function (s) {
      if (!s) return;
      var title = String(s.title || s.source || s.href || "");
      var key = title + "|" + (s.href || "");
      if (!title || seen[key]) return;
      seen[key] = true;
      items.push(el("li", {}, [link(s.href, title)]));
    });
    if (!items.length) return null;
    return el("div", {className: "senco-sources"}, [
      el("p", {className: "senco-sources-title", text: heading || "Sources"}),
      el("ul", {}, items)
    ]);
  }

  function statusBadge(status) {
    var code = /^[a-z_]+$/.test(String(status.code || "")) ? status.code : "none";
    var badge = el("span", {className: "senco-status senco-status-" + code});
    if (STATUS_ICONS[code]) badge.appendChild(el("span", {className: "senco-status-symbol", text: STATUS_ICONS[code], attrs: {"aria-hidden": "true"}}));
    badge.appendChild(el("span", {className: "senco-status-label", text: status.text}));
    return badge;
  }

  function fact(label, value, note) {
    var dd = el("dd", {}, [value]);
    if (note) dd.appendChild(el("span", {className: "senco-fact-note", text: " (" + note + ")"}));
    return el("div", {className: "senco-fact"}, [el("dt", {text: label}), dd]);
  }

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  // The provider's course link (SencoWidget.init courseUrl), for answers where the NPQ for SENCOs
  // applies or may still be taken.
  var COURSE_OUTCOMES = {TAKE_NPQ_SENCO: true, NOT_REQUIRED: true};

  function courseLink(course, labels) {
    var url = course && safeHref(course.url);
    var label = (course && course.label) || labels.course;
    if (!url || !label) return null;
    var p = el("p", {className: "senco-course"});
    if (labels.course_intro) p.appendChild(el("strong", {className: "senco-course-intro", text: labels.course_intro + ": "}));
    p.appendChild(link(url, String(label)));
    return p;
  }

  // Take the answer away: links to the printable summary, the email draft and the calendar file,
  // or (on a shared screen) a QR code of the summary's link and nothing to follow on the screen.
  // Every word comes with the payload (share.labels); a link without its words is left out.
  function renderShare(share, mode) {
    var labels = share && share.labels;
    if (!share || mode === "none" || !labels.take_away) return null;
    var headingId = nextId("share");
    var box = el("div", {className: "senco-share senco-share-" + mode, attrs: {role: "group", "aria-labelledby": headingId}}, [
      el("h4", {className: "senco-card-subhead", text: labels.take_away, attrs: {id: headingId}})
    ]);
    if (mode === "qr") {
      if (!share.qr || !labels.qr_alt) return null;
      box.appendChild(el("img", {className: "senco-qr", attrs: {src: share.qr, alt: labels.qr_alt, width: "200", height: "200"}}));
      if (labels.qr) box.appendChild(el("p", {text: labels.qr}));
    } else {
      var list = el("ul", {className: "senco-share-list"});
      if (share.summary && labels.summary) list.appendChild(el("li", {}, [link(share.summary, labels.summary)]));
      if (share.mailto && labels.email) list.appendChild(el("li", {}, [el("a", {text: labels.email, attrs: {href: share.mailto}})]));
      if (share.ics && labels.calendar) {
        list.appendChild(el("li", {}, [el("a", {text: labels.calendar, attrs: {href: share.ics, download: "senco-dates.ics"}})]));
      }
      if (!list.childNodes.length) return null;
      box.appendChild(list);
    }
    if (labels.expires) box.appendChild(el("p", {className: "senco-share-expiry", text: labels.expires}));
    return box;
  }

  // The answer card, drawn from the server's card: every word comes from it.
  function renderDetermination(item, actions, view) {
    var card = item.card || {};
    var labels = card.labels && typeof card.labels === "object" ? card.labels : {};
    view = view || {};
    var code = card.status && /^[a-z_]+$/.test(String(card.status.code || "")) ? card.status.code : "none";
    var facts = el("dl", {className: "senco-facts"});
    if (card.deadline && card.deadline.text) {
      facts.appendChild(fact(text(labels.deadline), document.createTextNode(card.deadline.text), text(card.deadline.note)));
    }
    if (card.status && card.status.text) {
      facts.appendChild(fact(text(labels.status), statusBadge(card.status), text(card.status.note)));
    }
    if (card.expected && card.expected.text) {
      facts.appendChild(fact(text(labels.expected), document.createTextNode(card.expected.text)));
    }
    if (card.funding && card.funding.text) {
      facts.appendChild(fact(text(labels.funding), document.createTextNode(card.funding.text)));
    }
    var headingId = nextId("card");
    var section = el("section", {className: "senco-card senco-card-" + code, attrs: {"aria-labelledby": headingId}}, [
      item.hypothetical && labels.hypothetical
        ? el("p", {className: "senco-card-kicker"}, [inlineText(labels.hypothetical)])
        : el("p", {className: "senco-card-kicker", text: "Your answer"}),
      el("h3", {className: "senco-card-headline", text: card.headline, attrs: {id: headingId}})
    ]);
    if (facts.childNodes.length) section.appendChild(facts);

    var course = COURSE_OUTCOMES[card.outcome] && !item.hypothetical ? courseLink(view.course, labels) : null;
    var deadlineDate = card.deadline ? card.deadline.date : null;
    var steps = (Array.isArray(card.steps) ? card.steps : []).filter(function (s) { return s && s.text; });
    if (steps.length) {
      section.appendChild(el("h4", {className: "senco-card-subhead", text: text(labels.steps).replace(/:\s*$/, "")}));
      var list = el("ol", {className: "senco-steps"});
      steps.forEach(function (s) {
        var li = el("li");
        if (s.by_text) li.appendChild(el("strong", {className: "senco-step-by", text: capitalise(text(labels.by)) + " " + s.by_text + ": "}));
        li.appendChild(document.createTextNode(String(s.text)));
        if (s.source) {
          li.appendChild(el("span", {className: "senco-step-source"}, [text(labels.source) + ": ", link(s.href, String(s.source))]));
        }
        // The registration step is the one dated by something other than the deadline (the
        // registration's closing date): the course link goes beside it.
        if (course && card.outcome === "TAKE_NPQ_SENCO" && s.by && s.by !== deadlineDate) {
          li.appendChild(course);
          course = null;
        }
        list.appendChild(li);
      });
      section.appendChild(list);
    }
    if (course) section.appendChild(course);
    if (card.why && labels.why) {
      section.appendChild(el("p", {className: "senco-card-why"}, [el("strong", {text: labels.why + ": "}), String(card.why)]));
    }
    if (item.asOf) section.appendChild(el("p", {className: "senco-card-asof", text: "Worked out for " + formatDate(item.asOf) + "."}));
    section.appendChild(el("div", {className: "senco-card-actions"}, [
      el("button", {className: "senco-btn senco-btn-secondary", text: labels.why_button || "Why?", attrs: {type: "button"},
        on: {click: function () { actions.send("why?", labels.why_button || "Why?"); }}})
    ]));
    var share = renderShare(item.share, view.share || "links");
    if (share) section.appendChild(share);
    var sources = sourceList(card.sources, labels.sources);
    if (sources) section.appendChild(sources);
    return section;
  }

  function renderReasons(item) {
    var list = el("ol", {className: "senco-reasons"});
    (item.reasons || []).forEach(function (r) {
      if (!r || !r.text) return;
      var li = el("li", {}, [String(r.text)]);
      if (r.source) li.appendChild(el("span", {className: "senco-step-source"}, [" Source: ", link(r.href, String(r.source))]));
      list.appendChild(li);
    });
    return el("div", {className: "senco-why"}, [el("p", {className: "senco-why-title", text: "Every rule behind this answer:"}), list]);
  }

  // Marks a field (or a group's fields) invalid and points it at the error line.
  function showError(error, message, invalid, all, errorId) {
    error.textContent = "";
    error.appendChild(el("span", {className: "senco-sr", text: "Error: "}));
    error.appendChild(document.createTextNode(message));
    error.hidden = false;
    all.forEach(function (input) {
      var bad = invalid.indexOf(input) >= 0;
      if (bad) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      input.classList.toggle("senco-field-error", bad);
    });
    if (errorId) all.forEach(function (input) { if (invalid.indexOf(input) >= 0) input.setAttribute("aria-describedby", errorId); });
    if (invalid[0]) invalid[0].focus();
  }

  // A labelled input with its send button and an error line, for an answer typed into a control:
  // on submit, spec.problem(value) gives the error to show (the input is marked invalid and
  // focused), or null, and then spec.send(value) sends it.
  function inlineForm(spec) {
    var inputId = nextId(spec.kind);
    var errorId = nextId(spec.kind + "-error");
    var input = el("input", {className: "senco-" + spec.kind, attrs: Object.assign({id: inputId}, spec.inputAttrs)});
    var error = el("p", {className: "senco-error", attrs: {id: errorId, hidden: true}});
    var form = el("form", {className: "senco-inline-form", attrs: {novalidate: true}}, [
      el("label", {text: spec.label, attrs: {"for": inputId}}),
      el("div", {className: "senco-input-row"}, [input, el("button", {className: "senco-btn", text: spec.button, attrs: {type: "submit"}})]),
      error
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problem = spec.problem(input.value);
      if (problem) {
        showError(error, problem, [input], [input], errorId);
        return;
      }
      spec.send(input.value);
    });
    return form;
  }

  /* ---------- the date question, the GOV.UK way ---------- */

  // "9", "09", "Sep", "sept", "September" -> 9; anything else -> null.
  function monthNumber(value) {
    var t = String(value || "").trim().toLowerCase().replace(/\.$/, "");
    if (/^\d{1,2}$/.test(t)) {
      var n = parseInt(t, 10);
      return n >= 1 && n <= 12 ? n : null;
    }
    if (t.length < 3) return null;
    for (var i = 0; i < MONTHS.length; i += 1) {
      if (MONTHS[i].toLowerCase().indexOf(t) === 0) return i + 1;
    }
    return null;
  }

  function daysIn(month, year) {
    return [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // Reads the day (when asked), month and year fields. Returns {error, invalid: [field names]}
  // or {day, month, year}. The messages follow the GOV.UK date input pattern: one message for
  // the whole group, naming the first thing to put right.
  function readDate(values, withDay) {
    var names = withDay ? ["day", "month", "year"] : ["month", "year"];
    var missing = names.filter(function (name) { return !String(values[name] || "").trim(); });
    if (missing.length === names.length) {
      return {error: withDay ? "Enter the date" : "Enter the month and year", invalid: names};
    }
    if (missing.length) return {error: "The date must include a " + missing.join(" and "), invalid: missing};
    var year = String(values.year).trim();
    if (!/^\d{4}$/.test(year)) return {error: "The year must include 4 numbers", invalid: ["year"]};
    var month = monthNumber(values.month);
    if (!month) return {error: "The date must be a real date", invalid: ["month"]};
    var result = {month: month, year: parseInt(year, 10)};
    if (withDay) {
      var day = String(values.day).trim();
      if (!/^\d{1,2}$/.test(day) || parseInt(day, 10) < 1 || parseInt(day, 10) > daysIn(month, result.year)) {
        return {error: "The date must be a real date", invalid: ["day"]};
      }
      result.day = parseInt(day, 10);
    }
    return result;
  }

  // Day, month and year fields (or month and year, for "I only know the month") in one
  // fieldset, one error message for the group, no automatic move between fields. A full date is
  // sent as "2023-09-01", a month as "September 2023".
  function dateControl(send) {
    var box = el("div", {className: "senco-date-control"});
    var typed = {};

    function field(name, label, widthClass, idPrefix) {
      var id = nextId(idPrefix + "-" + name);
      var input = el("input", {className: "senco-date-field " + widthClass, attrs: {
        id: id, name: name, type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false"}});
      input.value = typed[name] || "";
      input.addEventListener("input", function () { typed[name] = input.value; });
      return {name: name, input: input, node: el("div", {className: "senco-date-item"}, [
        el("label", {className: "senco-date-label", text: label, attrs: {"for": id}}), input])};
    }

    function build(withDay) {
      box.textContent = "";
      var hintId = nextId("date-hint");
      var errorId = nextId("date-error");
      var fields = (withDay ? [field("day", "Day", "senco-width-2", "date")] : [])
        .concat([field("month", "Month", "senco-width-month", "date"), field("year", "Year", "senco-width-4", "date")]);
      var error = el("p", {className: "senco-error", attrs: {id: errorId, hidden: true}});
      var fieldset = el("fieldset", {className: "senco-fieldset", attrs: {role: "group", "aria-describedby": hintId}}, [
        el("legend", {className: "senco-legend", text: withDay ? "Date" : "Month and year"}),
        el("p", {className: "senco-hint", attrs: {id: hintId},
          text: withDay ? "For example, 1 9 2023 or 1 September 2023" : "For example, 9 2023 or September 2023"}),
        error,
        el("div", {className: "senco-date-input"}, fields.map(function (f) { return f.node; }))
      ]);
      var other = el("button", {className: "senco-link-btn senco-date-switch", attrs: {type: "button"},
        text: withDay ? "I only know the month" : "I know the exact date",
        on: {click: function () {
          build(!withDay);
          box.querySelector("input").focus();
        }}});
      var form = el("form", {className: "senco-date-form", attrs: {novalidate: true}}, [
        fieldset,
        el("div", {className: "senco-date-actions"}, [
          el("button", {className: "senco-btn", text: withDay ? "Send date" : "Send month", attrs: {type: "submit"}}),
          other
        ])
      ]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var values = {};
        fields.forEach(function (f) { values[f.name] = f.input.value; });
        var date = readDate(values, withDay);
        var inputs = fields.map(function (f) { return f.input; });
        if (date.error) {
          fieldset.setAttribute("aria-describedby", hintId + " " + errorId);
          fieldset.classList.add("senco-fieldset-error");
          showError(error, date.error, fields.filter(function (f) { return date.invalid.indexOf(f.name) >= 0; })
            .map(function (f) { return f.input; }), inputs, null);
          return;
        }
        if (withDay) {
          var iso = date.year + "-" + pad(date.month) + "-" + pad(date.day);
          send(iso, formatDate(iso));
        } else {
          var words = MONTHS[date.month - 1] + " " + date.year;
          send(words, words);
        }
      });
      box.appendChild(form);
    }

    build(true);
    return box;
  }

  function buttonRow(buttons, actions, className) {
    var row = el("div", {className: className || "senco-choices"});
    buttons.forEach(function (b) {
      row.appendChild(el("button", {className: "senco-btn senco-choice", text: b.title, attrs: {type: "button"},
        on: {click: function () { actions.send(b.payload, b.title, {fromControl: true}); }}}));
    });
    return row;
  }

  // What the polite live region reads out for a new item.
  function itemSummary(item) {
    if (item.type === "determination") {
      var card = item.card || {};
      var labels = card.labels || {};
      var parts = [];
      if (item.hypothetical && labels.hypothetical) parts.push(String(labels.hypothetical).replace(/^_|_$/g, ""));
      parts.push(text(card.headline));
      if (card.deadline && card.deadline.text) parts.push(text(labels.deadline) + ": " + card.deadline.text + ".");
      if (card.status && card.status.text) parts.push(text(labels.status) + ": " + card.status.text + ".");
      return parts.join(" ");
    }
    if (item.type === "reasons") return "Every rule behind this answer: " + (item.reasons || []).map(function (r) { return r && r.text; }).filter(Boolean).join(" ");
    return String(item.text || "").replace(/\*\*/g, "").replace(/\n- /g, "\n").replace(/\n/g, " ");
  }

  /* ---------- one conversation: log, controls, free-text box ---------- */

  // Builds the conversation UI inside `container` and returns its controller. Options:
  //   serverUrl, storage (null for none, or {load(), save(state), clear()}),
  //   greeting (text shown when the log is empty), starters ([{title, payload}]),
  //   onChange(state) (after each change), inputLabel,
  //   share ("links": the summary, email and calendar links under an answer; "qr": the QR code
  //   only, for a shared screen; "none"), course ({url, label}: the provider's course link).
  function Conversation(container, options) {
    this.options = options || {};
    this.serverUrl = String(this.options.serverUrl || "").replace(/\/+$/, "");
    this.storage = this.options.storage || null;
    this.entries = [];
    this.sender = null;
    this.queue = Promise.resolve();
    this.generation = 0;
    this.pending = 0;
    this.controllers = [];
    this.build(container);
  }

  Conversation.prototype.build = function (container) {
    var self = this;
    var inputId = nextId("input");
    this.live = el("div", {className: "senco-sr", attrs: {"aria-live": "polite", "aria-atomic": "true"}});
    this.log = el("div", {className: "senco-log", attrs: {role: "region", "aria-label": "Conversation", tabindex: "0"}});
    this.typing = el("p", {className: "senco-typing", attrs: {hidden: true}}, [
      el("span", {className: "senco-dots", attrs: {"aria-hidden": "true"}}, [el("span"), el("span"), el("span")]),
      el("span", {className: "senco-typing-text", text: "The assistant is replying\u2026"})
    ]);
    this.controls = el("div", {className: "senco-controls", attrs: {hidden: true}});
    this.anchor = null;
    this.input = el("input", {className: "senco-input", attrs: {id: inputId, type: "text", autocomplete: "off",
      maxlength: "500", enterkeyhint: "send"}});
    this.form = el("form", {className: "senco-form", attrs: {novalidate: true}}, [
      el("label", {className: "senco-input-label", text: this.options.inputLabel || "Type your answer or question", attrs: {"for": inputId}}),
      el("div", {className: "senco-input-row"}, [
        this.input,
        el("button", {className: "senco-btn senco-send", text: "Send", attrs: {type: "submit"}})
      ])
    ]);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (!text) return;
      self.input.value = "";
      self.send(text, text);
    });
    // When the log changes size (rotation, zoom, the controls below it), keep the start of the
    // latest reply in view.
    if (window.ResizeObserver) {
      var lastHeight = 0;
      new window.ResizeObserver(function () {
        var height = self.log.clientHeight;
        if (height && height !== lastHeight && self.anchor && self.anchor.isConnected) self.scrollTo(self.anchor);
        lastHeight = height;
      }).observe(this.log);
    }
    container.appendChild(this.live);
    container.appendChild(this.log);
    container.appendChild(this.typing);
    container.appendChild(this.controls);
    container.appendChild(this.form);
  };

  Conversation.prototype.state = function () {
    return {v: STATE_VERSION, sender: this.sender, entries: this.entries};
  };

  Conversation.prototype.persist = function () {
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES);
    if (this.storage) this.storage.save(this.state());
    if (this.options.onChange) this.options.onChange(this.state());
  };

  Conversation.prototype.restore = function () {
    var saved = this.storage ? this.storage.load() : null;
    if (saved && saved.v === STATE_VERSION && Array.isArray(saved.entries)) {
      this.sender = typeof saved.sender === "string" ? saved.sender : null;
      this.entries = saved.entries.filter(function (e) { return e && typeof e === "object"; });
    }
    this.renderAll();
  };

  Conversation.prototype.ensureSender = function () {
    if (!this.sender) this.sender = newSenderId();
    return this.sender;
  };

  Conversation.prototype.actions = function () {
    var self = this;
    return {send: function (payload, shown, how) { self.send(payload, shown, how); }};
  };

  Conversation.prototype.renderEntry = function (entry) {
    var actions = this.actions();
    if (entry.from === "user") {
      return el("div", {className: "senco-msg senco-msg-user"}, [
        el("span", {className: "senco-sr", text: "You: "}), el("p", {text: entry.text})
      ]);
    }
    if (entry.from === "error") {
      return el("div", {className: "senco-msg senco-msg-error"}, [el("p", {text: entry.text})]);
    }
    if (entry.from === "greeting") {
      var greeting = el("div", {className: "senco-msg senco-msg-bot"}, [
        el("span", {className: "senco-sr", text: "Assistant: "}), formatText(entry.text)
      ]);
      if (entry.starters && entry.starters.length) greeting.appendChild(buttonRow(cleanButtons(entry.starters), actions, "senco-choices senco-starters"));
      return greeting;
    }
    var item = entry.item || {};
    if (item.type === "determination") {
      return renderDetermination(item, actions, {share: this.options.share, course: this.options.course});
    }
    var node = el("div", {className: "senco-msg senco-msg-bot"}, [el("span", {className: "senco-sr", text: "Assistant: "})]);
    if (item.type === "reasons") {
      node.appendChild(renderReasons(item));
      return node;
    }
    node.appendChild(formatText(item.text));
    // Buttons of a question go beside the text box; other buttons (e.g. "Change: ...") stay here.
    if (item.buttons && item.buttons.length && !item.question) node.appendChild(buttonRow(item.buttons, actions));
    if (item.sources) {
      var sources = sourceList(item.sources, "Sources");
      if (sources) node.appendChild(sources);
    }
    return node;
  };

  Conversation.prototype.renderAll = function (noGreeting) {
    var self = this;
    this.log.textContent = "";
    if (!this.entries.length && this.options.greeting && !noGreeting) {
      this.log.appendChild(this.renderEntry({from: "greeting", text: this.options.greeting, starters: this.options.starters}));
    }
    this.anchor = null;
    var previous = null;
    this.entries.forEach(function (entry) {
      var node = self.renderEntry(entry);
      self.log.appendChild(node);
      // the first message of the latest run of bot messages
      if (entry.from !== "user" && (!previous || previous.from === "user")) self.anchor = node;
      previous = entry;
    });
    this.renderControls();
    if (this.anchor) this.scrollTo(this.anchor);
    else this.scrollToEnd();
  };

  Conversation.prototype.lastQuestion = function () {
    for (var i = this.entries.length - 1; i >= 0; i -= 1) {
      var e = this.entries[i];
      if (e.from === "user") return null;
      if (e.from === "bot" && e.item) return e.item.question ? e.item : null;
    }
    return null;
  };

  // The control for the pending question, beside the free-text box.
  Conversation.prototype.renderControls = function () {
    var self = this;
    var actions = this.actions();
    var item = this.lastQuestion();
    this.controls.textContent = "";
    if (!item) {
      this.controls.hidden = true;
      return;
    }
    var q = item.question;
    var buttons = item.buttons || [];
    var box = el("div", {className: "senco-control senco-control-" + q.kind,
      attrs: {role: "group", "aria-label": "Answer options", "data-fact": q.fact, "data-kind": q.kind}});
    if (q.kind === "date") {
      box.appendChild(dateControl(function (payload, shown) { self.send(payload, shown, {fromControl: true}); }));
    } else if (q.kind === "months") {
      var monthsForm = inlineForm({
        kind: "months", label: "Number of months", button: "Send months",
        inputAttrs: {type: "number", min: "0", max: "600", step: "1", inputmode: "numeric", autocomplete: "off"},
        problem: function (value) {
          var n = Number(value);
          return value.trim() === "" || !isFinite(n) || n < 0 || Math.floor(n) !== n
            ? "Enter a whole number of months, 0 or more." : null;
        },
        send: function (value) {
          var n = Number(value);
          self.send(informPayload(q.fact, n), n === 1 ? "1 month" : n + " months", {fromControl: true});
        }
      });
      if (buttons.length) box.appendChild(buttonRow(buttons, actions));
      box.appendChild(monthsForm);
    } else {
      // The buttons sent with the question carry the payloads to send; without them, the
      // question's options (value and label) are sent as the fact's value.
      if (!buttons.length) {
        buttons = (q.options || []).filter(function (o) { return o && o.value !== undefined; }).map(function (o) {
          return {title: capitalise(o.label || String(o.value)), payload: informPayload(q.fact, o.value)};
        });
      }
      if (!buttons.length && q.kind === "yes_no") {
        buttons = [{title: "Yes", payload: informPayload(q.fact, true)}, {title: "No", payload: informPayload(q.fact, false)}];
      }
      if (buttons.length) box.appendChild(buttonRow(buttons, actions));
    }
    box.appendChild(el("div", {className: "senco-helpers"}, [
      el("button", {className: "senco-link-btn", text: "Why do you ask?", attrs: {type: "button"},
        on: {click: function () { self.send("why do you ask?", "Why do you ask?", {fromControl: true}); }}}),
      el("button", {className: "senco-link-btn", text: "I don't know", attrs: {type: "button"},
        on: {click: function () { self.send("I don't know", "I don't know", {fromControl: true}); }}})
    ]));
    this.controls.appendChild(box);
    this.controls.hidden = false;
  };

  Conversation.prototype.setBusy = function (busy) {
    this.typing.hidden = !busy;
    if (busy) this.log.setAttribute("aria-busy", "true");
    else this.log.removeAttribute("aria-busy");
  };

  Conversation.prototype.announce = function (text) {
    var live = this.live;
    live.textContent = "";
    // A fresh text node after a short pause is announced reliably by screen readers.
    window.setTimeout(function () { live.textContent = text; }, 100);
  };

  Conversation.prototype.post = function (sender, text, generation) {
    var self = this;
    var controller = window.AbortController ? new window.AbortController() : null;
    if (controller) this.controllers.push(controller);
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return window.fetch(this.serverUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({sender: sender, message: text}),
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).finally(function () {
      if (timer) window.clearTimeout(timer);
      self.controllers = self.controllers.filter(function (c) { return c !== controller; });
      if (generation !== self.generation) throw new Error("superseded");
    });
  };

  // Sends `payload` to the assistant, showing `shown` as what the user said. Messages are sent
  // one after another, in order.
  Conversation.prototype.send = function (payload, shown, how) {
    var self = this;
    var generation = this.generation;
    var sender = this.ensureSender();
    how = how || {};
    if (!how.silent) {
      this.entries.push({from: "user", text: String(shown || payload)});
      this.log.appendChild(this.renderEntry(this.entries[this.entries.length - 1]));
    }
    var hadFocus = this.controls.contains(document.activeElement) || this.log.contains(document.activeElement);
    this.controls.hidden = true;
    this.controls.textContent = "";
    // The control just used is gone: keep keyboard focus in the conversation, on the text box.
    if ((how.fromControl || hadFocus) && this.input.isConnected) this.input.focus();
    this.persist();
    this.anchor = null;
    this.scrollToEnd();
    this.pending += 1;
    this.setBusy(true);
    this.queue = this.queue.then(function () {
      if (generation !== self.generation) return null;
      return self.post(sender, payload, generation).then(function (messages) {
        self.receive(toItems(messages));
      }, function (error) {
        if (generation !== self.generation) return;
        self.entries.push({from: "error", text: "Sorry, I couldn't reach the assistant just now. Please try again in a moment."});
        self.log.appendChild(self.renderEntry(self.entries[self.entries.length - 1]));
        self.announce("Sorry, I couldn't reach the assistant just now. Please try again in a moment.");
        self.renderControls();
        self.persist();
        if (window.console) window.console.warn("SencoWidget:", error && error.message);
      });
    }).then(function () {
      if (generation !== self.generation) return;
      self.pending -= 1;
      if (self.pending <= 0) {
        self.pending = 0;
        self.setBusy(false);
      }
    });
    return this.queue;
  };

  Conversation.prototype.receive = function (items) {
    var self = this;
    var first = null;
    items.forEach(function (item) {
      var entry = {from: "bot", item: item};
      self.entries.push(entry);
      var node = self.renderEntry(entry);
      self.log.appendChild(node);
      if (!first) first = node;
    });
    this.renderControls();
    this.persist();
    if (items.length) {
      this.announce(items.map(itemSummary).filter(Boolean).join(" "));
      // Show the start of the reply (a long answer card would otherwise scroll past its headline).
      this.anchor = first;
      this.scrollTo(first);
    }
  };

  Conversation.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  Conversation.prototype.scrollTo = function (node) {
    if (!node) return;
    // Instant, not smooth: a smooth scroll still running when the next reply arrives can stop short.
    var offset = node.getBoundingClientRect().top - this.log.getBoundingClientRect().top;
    this.log.scrollTop = Math.max(0, this.log.scrollTop + offset - 8);
  };

  // Forget everything shown (and, with newSender, the sender id), cancel pending replies.
  Conversation.prototype.clear = function (newSender, noGreeting) {
    this.generation += 1;
    this.controllers.forEach(function (c) { c.abort(); });
    this.controllers = [];
    this.queue = Promise.resolve();
    this.pending = 0;
    this.setBusy(false);
    this.entries = [];
    if (newSender) this.sender = null;
    this.input.value = "";
    this.live.textContent = "";
    this.renderAll(noGreeting);
    if (this.storage && newSender) this.storage.clear();
    else this.persist();
  };

  // "Start again": tell the assistant, clear the view, show only its reply.
  Conversation.prototype.startAgain = function () {
    this.clear(false, true);
    return this.send("start again", "Start again", {silent: true});
  };

  /* ---------- storage ---------- */

  function sessionStore(key) {
    var store = null;
    try {
      store = window.sessionStorage;
      store.setItem(key + ":probe", "1");
      store.removeItem(key + ":probe");
    } catch (e) {
      store = null; // storage blocked: the conversation lasts as long as the page
    }
    return {
      load: function () {
        if (!store) return null;
        try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
      },
      save: function (state) {
        if (!store) return;
        try { store.setItem(key, JSON.stringify(state)); } catch (e) { /* full: keep going */ }
      },
      clear: function () {
        if (store) store.removeItem(key);
      },
      raw: store
    };
  }

  /* ---------- the embeddable widget ---------- */

  function loadCss(url) {
    if (!url || document.querySelector('link[data-senco-widget-css]')) return;
    var linkEl = document.createElement("link");
    linkEl.rel = "stylesheet";
    linkEl.href = url;
    linkEl.setAttribute("data-senco-widget-css", "");
    document.head.appendChild(linkEl);
  }

  function defaultCssUrl() {
    if (!SCRIPT_SRC) return "widget.css";
    return SCRIPT_SRC.replace(/[^/]*(\?.*)?$/, "widget.css");
  }

  // courseUrl may be relative to the host page ("/courses/npq-senco"); only http(s) is kept.
  function courseFrom(config) {
    if (typeof config.courseUrl !== "string" || !config.courseUrl.trim()) return null;
    var url = null;
    try { url = safeHref(new URL(config.courseUrl.trim(), document.baseURI).href); } catch (e) { url = null; }
    if (!url) {
      if (window.console) window.console.warn("SencoWidget: courseUrl must be an http(s) address; no course link shown");
      return null;
    }
    return {url: url, label: typeof config.courseLabel === "string" && config.courseLabel.trim() ? config.courseLabel.trim() : null};
  }

  var instance = null;

  function init(userConfig) {
    if (instance) return instance.api;
    var config = {};
    userConfig = userConfig || {};
    Object.keys(DEFAULTS).forEach(function (k) { config[k] = userConfig[k] !== undefined ? userConfig[k] : DEFAULTS[k]; });
    if (!config.serverUrl && window.SENCO_CONFIG && window.SENCO_CONFIG.rasaUrl) config.serverUrl = window.SENCO_CONFIG.rasaUrl;
    if (config.cssUrl !== false) loadCss(config.cssUrl || defaultCssUrl());

    var storage = config.storage === "session" ? sessionStore(STORAGE_KEY) : null;
    var saved = storage ? storage.load() : null;
    var panelId = nextId("panel");
    var titleId = nextId("title");

    var root = el("div", {className: "senco-w senco-widget"});
    applyColours(root, config.colours);
    var launcher = el("button", {className: "senco-launcher", attrs: {type: "button", "aria-expanded": "false", "aria-controls": panelId}}, [
      el("span", {className: "senco-launcher-icon", attrs: {"aria-hidden": "true"}, text: "?"}),
      el("span", {className: "senco-launcher-text", text: config.launcherLabel})
    ]);
    // The name comes from text (hidden visually), not aria-label, so the name and the content agree.
    var closeBtn = el("button", {className: "senco-icon-btn senco-close", attrs: {type: "button"}}, [
      el("span", {attrs: {"aria-hidden": "true"}, text: "\u00d7"}),
      el("span", {className: "senco-sr", text: "Close chat"})
    ]);
    var restartBtn = el("button", {className: "senco-btn senco-btn-secondary senco-restart", text: "Start again", attrs: {type: "button"}});
    var body = el("div", {className: "senco-body"});
    var panel = el("div", {className: "senco-panel", attrs: {id: panelId, role: "dialog", "aria-modal": "false", "aria-labelledby": titleId, hidden: true}}, [
      el("div", {className: "senco-header"}, [
        el("h2", {className: "senco-title", text: config.title, attrs: {id: titleId}}),
        el("div", {className: "senco-header-actions"}, [restartBtn, closeBtn])
      ]),
      body
    ]);
    root.appendChild(launcher);
    root.appendChild(panel);

    var isOpen = false;
    var chat = new Conversation(body, {
      serverUrl: config.serverUrl,
      storage: storage && {
        load: function () { return storage.load(); },
        save: function (state) { state.open = isOpen; storage.save(state); },
        clear: function () { storage.clear(); }
      },
      greeting: config.greeting,
      starters: config.starters,
      share: "links",
      course: courseFrom(config)
    });

    function open(focus) {
      isOpen = true;
      panel.hidden = false;
      root.classList.add("senco-open");
      launcher.setAttribute("aria-expanded", "true");
      chat.persist();
      if (chat.anchor) chat.scrollTo(chat.anchor);
      else chat.scrollToEnd();
      if (focus !== false) chat.input.focus();
    }

    function close() {
      isOpen = false;
      panel.hidden = true;
      root.classList.remove("senco-open");
      launcher.setAttribute("aria-expanded", "false");
      chat.persist();
      launcher.focus();
    }

    launcher.addEventListener("click", function () { if (isOpen) close(); else open(); });
    closeBtn.addEventListener("click", close);
    restartBtn.addEventListener("click", function () {
      chat.startAgain();
      chat.input.focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        close();
      }
    });

    function mount() {
      document.body.appendChild(root);
      chat.restore();
      if (saved && saved.open) open(false);
    }
    if (document.body) mount();
    else document.addEventListener("DOMContentLoaded", mount);

    var api = {
      open: open,
      close: close,
      startAgain: function () { return chat.startAgain(); },
      send: function (text) { return chat.send(text, text); },
      get senderId() { return chat.sender; }
    };
    instance = {api: api, chat: chat, root: root};
    return api;
  }

  window.SencoWidget = {
    init: init,
    // Building blocks shared with the kiosk (kiosk.js) and the tests.
    core: {
      Conversation: Conversation,
      toItems: toItems,
      formatDate: formatDate,
      safeHref: safeHref,
      informPayload: informPayload,
      applyColours: applyColours,
      contrast: contrast,
      newSenderId: newSenderId,
      el: el
    }
  };
})(window, document);
