/*
 * <verwijswijzer-chat api="https://…" region="haarlem" api-key="…"> — the Verwijswijzer chat widget.
 *
 * A dependency-free web component in a Shadow DOM (no styles leak in or out). It streams answers from
 * POST /v1/chat/stream (fetch + SSE parsing, since EventSource cannot POST), shows citations as markers that
 * open the cited passage with the quote highlighted, offers clarification options as buttons, remembers the
 * chosen region, and sends thumbs up/down feedback. Answer data is only ever written with textContent /
 * text nodes: nothing the server returns is parsed as HTML.
 */
(() => {
  "use strict";

  const TAG = "verwijswijzer-chat";
  if (customElements.get(TAG)) return;

  const SCRIPT = document.currentScript ? new URL(document.currentScript.src, location.href) : null;
  const REGION_KEY = "verwijswijzer.region";
  const T = {
    title: "Verwijswijzer",
    notice: "AI-hulpmiddel dat de handboeken citeert — geen besluit",
    region: "Regio",
    chooseRegion: "Kies je regio…",
    question: "Je vraag",
    placeholder: "Stel je vraag over de handboeken jeugdhulp…",
    send: "Vraag",
    newChat: "Nieuw gesprek",
    conversation: "Gesprek",
    you: "Jij",
    assistant: "Verwijswijzer",
    thinking: "Bezig met zoeken in de handboeken…",
    sources: "Bronnen",
    source: (n, title) => `Bron ${n}: ${title} — open de passage`,
    options: "Kies een antwoord",
    up: "Nuttig antwoord",
    down: "Niet nuttig antwoord",
    comment: "Toelichting (optioneel)",
    sendFeedback: "Verstuur feedback",
    thanks: "Bedankt voor je feedback.",
    answered: "Antwoord ontvangen.",
    close: "Sluiten",
    lines: (a, b) => (a === b ? `regel ${a}` : `regels ${a}–${b}`),
    passage: "Passage in de bron",
    error: "Er ging iets mis",
  };

  /** Create an element; strings become text nodes (never HTML). */
  function h(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Server-Sent Events from a fetch response body: yields {event, data}. */
  async function* sseEvents(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const boundary = /\r\n\r\n|\n\n|\r\r/;
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let match;
      while ((match = boundary.exec(buffer))) {
        const raw = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        let event = "message";
        const data = [];
        for (const line of raw.split(/\r\n|\r|\n/)) {
          if (!line || line.startsWith(":")) continue; // comments are keep-alive pings
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          let val = colon < 0 ? "" : line.slice(colon + 1);
          if (val.startsWith(" ")) val = val.slice(1);
          if (field === "event") event = val;
          else if (field === "data") data.push(val);
        }
        if (data.length) yield { event, data: data.join("\n") };
      }
    }
  }

  /** A thumb icon (drawn, so it does not depend on an emoji font); CSS turns it upside down for "down". */
  function thumbIcon() {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 " +
      "1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z");
    svg.append(path);
    return svg;
  }

  function shorten(text, limit) {
    return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
  }

  function detailOf(body, status) {
    const detail = body && body.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map((d) => d.msg || JSON.stringify(d)).join("; ");
    return `HTTP ${status}`;
  }

  class VerwijswijzerChat extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this.conversationId = null;
      this.turn = 0;
      this.busy = false;
      this.opener = null;
    }

    get api() {
      const attr = this.getAttribute("api");
      const base = attr || (SCRIPT ? SCRIPT.origin : location.origin);
      return base.replace(/\/+$/, "");
    }

    headers(json = true) {
      const headers = json ? { "Content-Type": "application/json" } : {};
      const key = this.getAttribute("api-key");
      if (key) headers.Authorization = `Bearer ${key}`;
      return headers;
    }

    connectedCallback() {
      if (this.root) return;
      const css = SCRIPT ? new URL("verwijswijzer.css", SCRIPT).href : `${this.api}/widget/verwijswijzer.css`;
      this.regionSelect = h("select", { id: "region", onchange: () => this.rememberRegion() },
        h("option", { value: "" }, T.chooseRegion));
      this.log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": T.conversation });
      this.input = h("textarea", {
        id: "question", rows: 2, placeholder: T.placeholder, maxlength: 4000,
        onkeydown: (e) => {
          if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); this.form.requestSubmit(); }
        },
      });
      this.sendButton = h("button", { type: "submit", class: "primary" }, T.send);
      this.form = h("form", { class: "ask", onsubmit: (e) => { e.preventDefault(); this.submit(); } },
        h("label", { for: "question", class: "sr-only" }, T.question), this.input, this.sendButton);
      this.status = h("div", { class: "sr-only", role: "status", "aria-live": "polite" });
      this.dialog = h("div", { class: "passage", role: "dialog", "aria-modal": "true", "aria-labelledby": "passage-title",
        hidden: true, onkeydown: (e) => { if (e.key === "Escape") this.closePassage(); } });
      this.root = h("section", { class: "vw", "aria-label": T.title },
        h("header", {},
          h("div", { class: "brand" }, h("h2", {}, T.title),
            h("button", { type: "button", class: "link", onclick: () => this.reset() }, T.newChat)),
          h("p", { class: "notice", role: "note" }, T.notice),
          h("div", { class: "region" }, h("label", { for: "region" }, T.region), this.regionSelect)),
        this.log, this.form, this.status, this.dialog);
      this.shadowRoot.append(h("link", { rel: "stylesheet", href: css }), this.root);
      this.loadRegions();
    }

    // -- region: chosen once, remembered ------------------------------------------------------------------------
    async loadRegions() {
      const wanted = localStorage.getItem(REGION_KEY) || this.getAttribute("region") || "";
      try {
        const response = await fetch(`${this.api}/v1/regions`, { headers: this.headers(false) });
        if (!response.ok) return;
        for (const region of await response.json()) {
          this.regionSelect.append(h("option", { value: region.id }, region.name));
        }
      } catch (_) {
        return; // the widget still works; the assistant asks for the region when it needs it
      }
      if (wanted) this.regionSelect.value = wanted;
    }

    rememberRegion() {
      if (this.regionSelect.value) localStorage.setItem(REGION_KEY, this.regionSelect.value);
      else localStorage.removeItem(REGION_KEY);
    }

    reset() {
      this.conversationId = null;
      this.turn = 0;
      this.log.replaceChildren();
      this.input.focus();
    }

    // -- asking -------------------------------------------------------------------------------------------------
    submit() {
      const message = this.input.value.trim();
      if (!message || this.busy) return;
      this.input.value = "";
      this.ask(message);
    }

    async ask(message) {
      this.busy = true;
      this.sendButton.disabled = true;
      this.log.append(h("div", { class: "msg user" }, h("span", { class: "sr-only" }, `${T.you}: `), message));
      const text = h("div", { class: "text" });
      const bubble = h("article", { class: "msg bot", "aria-busy": "true" },
        h("span", { class: "sr-only" }, `${T.assistant}: `), text);
      text.append(h("span", { class: "thinking" }, T.thinking));
      this.log.append(bubble);
      this.scrollDown();
      const body = { message, conversation_id: this.conversationId || undefined,
        region: this.regionSelect.value || undefined };
      try {
        const response = await fetch(`${this.api}/v1/chat/stream`, {
          method: "POST", headers: { ...this.headers(), Accept: "text/event-stream" }, body: JSON.stringify(body),
        });
        if (!response.ok) {
          throw new Error(detailOf(await response.json().catch(() => null), response.status));
        }
        let streamed = null;
        for await (const { event, data } of sseEvents(response)) {
          if (event === "start") {
            const start = JSON.parse(data);
            if (start.conversation_id !== this.conversationId) this.turn = 0;
            this.conversationId = start.conversation_id;
            bubble.dataset.kind = start.kind;
          } else if (event === "delta") {
            if (!streamed) { streamed = document.createTextNode(""); text.replaceChildren(streamed); }
            streamed.appendData(JSON.parse(data).text);
            this.scrollDown();
          } else if (event === "final") {
            this.renderAnswer(bubble, text, JSON.parse(data));
          }
        }
      } catch (error) {
        text.replaceChildren(h("span", { class: "error" }, `${T.error}: ${error.message}`));
      } finally {
        bubble.setAttribute("aria-busy", "false");
        this.busy = false;
        this.sendButton.disabled = false;
        this.scrollDown();
      }
    }

    scrollDown() {
      this.log.scrollTop = this.log.scrollHeight;
    }

    // -- rendering the Answer -----------------------------------------------------------------------------------
    renderAnswer(bubble, text, answer) {
      const turn = this.turn++;
      bubble.dataset.kind = answer.kind;
      if (answer.region && !this.regionSelect.value) {
        this.regionSelect.value = answer.region;
        this.rememberRegion();
      }
      const byN = new Map(answer.citations.map((c) => [c.n, c]));
      const parts = [];
      let last = 0;
      for (const m of answer.text.matchAll(/\[(\d+)\]/g)) {
        const citation = byN.get(Number(m[1]));
        if (!citation) continue;
        parts.push(answer.text.slice(last, m.index), this.marker(citation));
        last = m.index + m[0].length;
      }
      parts.push(answer.text.slice(last));
      text.replaceChildren(...parts.map((p) => (typeof p === "string" ? document.createTextNode(p) : p)));

      if (answer.citations.length) {
        bubble.append(h("div", { class: "sources" }, h("h3", {}, T.sources),
          h("ol", {}, answer.citations.map((c) => h("li", {},
            h("button", { type: "button", class: "source", onclick: (e) => this.openPassage(c, e.currentTarget) },
              `[${c.n}] ${c.title}${c.section ? ` — ${c.section}` : ""}, ${T.lines(c.line_start, c.line_end)}`),
            h("q", {}, shorten(c.quote, 240)))))));
      }
      if (answer.options.length) {
        const group = h("div", { class: "options", role: "group", "aria-label": T.options });
        for (const option of answer.options) {
          group.append(h("button", { type: "button", class: "option", onclick: () => {
            if (this.busy) return;
            group.querySelectorAll("button").forEach((b) => { b.disabled = true; });
            this.ask(option);
          } }, option));
        }
        bubble.append(group);
      }
      if (answer.kind !== "clarification") bubble.append(this.feedback(answer.conversation_id, turn));
      this.status.textContent = T.answered;
    }

    marker(citation) {
      return h("button", { type: "button", class: "cite", "aria-label": T.source(citation.n, citation.title),
        onclick: (e) => this.openPassage(citation, e.currentTarget) }, `[${citation.n}]`);
    }

    // -- feedback -----------------------------------------------------------------------------------------------
    feedback(conversationId, turn) {
      const box = h("div", { class: "feedback" });
      let rating = null;
      const comment = h("textarea", { rows: 2, maxlength: 2000, "aria-label": T.comment, placeholder: T.comment });
      const form = h("form", { class: "feedback-form", hidden: true, onsubmit: async (e) => {
        e.preventDefault();
        const response = await fetch(`${this.api}/v1/feedback`, { method: "POST", headers: this.headers(),
          body: JSON.stringify({ conversation_id: conversationId, turn, rating, comment: comment.value.trim() || null }) });
        const message = response.ok ? T.thanks
          : `${T.error}: ${detailOf(await response.json().catch(() => null), response.status)}`;
        box.replaceChildren(h("p", { class: response.ok ? "thanks" : "error" }, message));
        this.status.textContent = message;
      } }, comment, h("button", { type: "submit" }, T.sendFeedback));
      const thumb = (value, label) => h("button", { type: "button", class: `thumb ${value}`, "aria-label": label,
        "aria-pressed": "false", onclick: (e) => {
          rating = value;
          box.querySelectorAll(".thumb").forEach((b) => b.setAttribute("aria-pressed", String(b === e.currentTarget)));
          form.hidden = false;
          comment.focus();
        } }, thumbIcon());
      box.append(thumb("up", T.up), thumb("down", T.down), form);
      return box;
    }

    // -- the cited passage in context ---------------------------------------------------------------------------
    async openPassage(citation, opener) {
      this.opener = opener;
      const query = new URLSearchParams({ line_start: citation.line_start, line_end: citation.line_end,
        quote: citation.quote });
      const closeButton = h("button", { type: "button", class: "close", onclick: () => this.closePassage() }, T.close);
      const heading = h("h3", { id: "passage-title" }, `${citation.title}`);
      const meta = h("p", { class: "meta" }, T.lines(citation.line_start, citation.line_end));
      const lines = h("ol", { class: "lines", "aria-label": T.passage });
      this.dialog.replaceChildren(h("div", { class: "passage-head" }, heading, closeButton), meta, lines);
      this.dialog.hidden = false;
      closeButton.focus();
      try {
        const response = await fetch(
          `${this.api}/v1/passages/${encodeURIComponent(citation.document_id)}?${query}`, { headers: this.headers(false) });
        const passage = await response.json().catch(() => null);
        if (!response.ok) throw new Error(detailOf(passage, response.status));
        meta.textContent = [passage.section, T.lines(passage.cited_start, passage.cited_end)].filter(Boolean).join(" · ");
        const marks = new Map(passage.marks.map((m) => [m.line, m]));
        for (const line of passage.lines) {
          const content = h("span", { class: "tx" });
          const mark = marks.get(line.n) || (line.cited && !passage.marks.length
            ? { start: 0, end: line.text.length } : null);
          if (mark) {
            content.append(line.text.slice(0, mark.start), h("mark", {}, line.text.slice(mark.start, mark.end)),
              line.text.slice(mark.end));
          } else {
            content.append(line.text);
          }
          lines.append(h("li", { class: line.cited ? "cited" : "", value: line.n },
            h("span", { class: "ln", "aria-hidden": "true" }, String(line.n)), content));
        }
        const first = lines.querySelector("mark") || lines.querySelector(".cited");
        if (first) first.scrollIntoView({ block: "center" });
      } catch (error) {
        lines.replaceChildren(h("li", { class: "error" }, `${T.error}: ${error.message}`));
      }
    }

    closePassage() {
      this.dialog.hidden = true;
      if (this.opener) this.opener.focus();
    }
  }

  customElements.define(TAG, VerwijswijzerChat);
})();
