// The sandbox page: a small Discord-like client for the loopback Discord.
// The server pushes what the chosen member sees over a websocket; actions go to /sandbox/api/*.
"use strict";

const $ = (selector) => document.querySelector(selector);
const OPTION_TYPES = { 3: "text", 4: "whole number", 5: "True or False", 6: "member", 7: "channel", 8: "role", 9: "member or role", 10: "number", 11: "file" };

const view = {
  guild: null,          // the last "guild" frame: channels, members, commands, mentions
  viewer: null,         // user id the page acts as
  channel: null,        // channel id shown
  messages: [],         // the last "messages" frame's messages
  revealed: new Set(),  // spoilers clicked open, "messageId:index"
  dismissed: new Set(), // ephemeral messages dismissed
  lastSeen: {},         // channel id -> last message id seen, for unread dots
};
let socket = null;

// -- small helpers ---------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "html") node.innerHTML = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function toast(text) {
  const node = el("div", { class: "toast", role: "alert" }, text);
  $("#toasts").append(node);
  setTimeout(() => node.remove(), 7000);
}

function colorFor(id) {
  const palette = ["#5865f2", "#3ba55c", "#faa61a", "#ed4245", "#eb459e", "#00a8fc", "#9b84ee", "#1abc9c"];
  let hash = 0;
  for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}

function safeUrl(url) {
  return /^(https?:)?\/\//i.test(String(url || "")) || String(url || "").startsWith("/") ? url : null;
}

async function api(action, body) {
  const response = await fetch(`/sandbox/api/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: view.viewer, channel: view.channel, ...body }),
  });
  let data = {};
  try { data = await response.json(); } catch { data = { error: `The sandbox answered ${response.status}` }; }
  if (!response.ok && !data.error) data.error = `The sandbox answered ${response.status}`;
  return data;
}

// -- markdown ------------------------------------------------------------------------------

function formatTimestamp(seconds, style) {
  const date = new Date(seconds * 1000);
  if (style === "R") return relativeTime(date);
  if (style === "t") return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (style === "T") return date.toLocaleTimeString();
  if (style === "d") return date.toLocaleDateString();
  if (style === "D") return date.toLocaleDateString([], { dateStyle: "long" });
  return date.toLocaleString([], { dateStyle: "long", timeStyle: "short" });
}

function relativeTime(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] = abs < 60 ? [abs, "second"] : abs < 3600 ? [Math.round(abs / 60), "minute"]
    : abs < 86400 ? [Math.round(abs / 3600), "hour"] : [Math.round(abs / 86400), "day"];
  const amount = `${value} ${unit}${value === 1 ? "" : "s"}`;
  return seconds >= 0 ? `in ${amount}` : `${amount} ago`;
}

function renderMarkdown(text) {
  const stash = [];
  const keep = (html) => `\u0001${stash.push(html) - 1}\u0002`;
  let s = String(text || "");
  s = s.replace(/```(?:[\w+-]*\n)?([\s\S]*?)```/g, (_, code) => keep(`<pre><code>${escapeHtml(code)}</code></pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${escapeHtml(code)}</code>`));
  s = s.replace(/\\([\\*_~|`>#\-[\]()<:])/g, (_, ch) => keep(escapeHtml(ch)));
  s = escapeHtml(s);
  s = s.replace(/\|\|([\s\S]+?)\|\|/g, (_, inner) => keep(
    `<span class="spoiler" role="button" tabindex="0" aria-label="Spoiler, press to reveal"><span>${renderInline(inner).replace(/\n/g, "<br>")}</span></span>`));
  const html = joinLines(s.split("\n").map(renderLine));
  const restore = (value) => value.replace(/\u0001(\d+)\u0002/g, (_, i) => restore(stash[Number(i)]));
  return restore(html);
}

// Each line -> {html, kind}: "heading" and "quote" lines are blocks, which break lines themselves.
function renderLine(line) {
  let m;
  if ((m = line.match(/^(#{1,3}) (.+)$/))) return { kind: "heading", html: `<h${m[1].length}>${renderInline(m[2])}</h${m[1].length}>` };
  if ((m = line.match(/^-# (.+)$/))) return { kind: "text", html: `<span class="subtext">${renderInline(m[1])}</span>` };
  if ((m = line.match(/^&gt; ?(.*)$/))) return { kind: "quote", html: renderInline(m[1]) };
  if ((m = line.match(/^\s*[-*] (.+)$/))) return { kind: "text", html: `• ${renderInline(m[1])}` };
  return { kind: "text", html: renderInline(line) };
}

function joinLines(lines) {
  let out = "";
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (line.kind === "quote") {
      out += previous && previous.kind === "quote" ? `<br>${line.html}` : `<blockquote>${line.html}`;
      if (!lines[i + 1] || lines[i + 1].kind !== "quote") out += "</blockquote>";
      return;
    }
    if (previous && previous.kind === "text" && line.kind === "text") out += "\n";
    out += line.html;
  });
  return out;
}

function renderInline(s) {
  const names = (view.guild && view.guild.mentions) || { users: {}, channels: {}, roles: {} };
  return s
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/__(.+?)__/g, "<u>$1</u>")
    .replace(/\*(?!\s)(.+?)\*/g, "<em>$1</em>")
    .replace(/(^|[^\w])_(?!\s)(.+?)_(?=[^\w]|$)/g, "$1<em>$2</em>")
    .replace(/~~(.+?)~~/g, "<s>$1</s>")
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
    .replace(/&lt;@!?(\d+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(names.users[id] || "unknown-user")}</span>`)
    .replace(/&lt;@&amp;(\d+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(names.roles[id] || "deleted-role")}</span>`)
    .replace(/&lt;#(\d+)&gt;/g, (_, id) => `<a class="mention" data-channel="${id}" href="#">#${escapeHtml(names.channels[id] || "deleted-channel")}</a>`)
    .replace(/&lt;a?:(\w+):\d+&gt;/g, ":$1:")
    .replace(/&lt;t:(-?\d+)(?::([tTdDfFR]))?&gt;/g, (_, ts, style) =>
      `<time class="timestamp" data-ts="${ts}" data-style="${style || "f"}">${escapeHtml(formatTimestamp(Number(ts), style || "f"))}</time>`);
}

// -- the sidebar -----------------------------------------------------------------------------

function me() {
  return view.guild && view.guild.members.find((m) => m.id === view.viewer);
}

function renderSidebar() {
  const guild = view.guild;
  $("#guild-name").textContent = guild.guild.name;
  const list = $("#channels");
  list.replaceChildren(...guild.channels.map((channel) => {
    const current = channel.id === view.channel;
    const unread = !current && BigInt(channel.last_message_id) > BigInt(view.lastSeen[channel.id] || channel.last_message_id);
    return el("li", { class: channel.thread ? "thread" : channel.dm ? "dm" : "" },
      el("button", {
        type: "button", "aria-current": current ? "page" : false, dataset: { channel: channel.id },
        onclick: () => selectChannel(channel.id),
      },
      el("span", { class: "hash", "aria-hidden": "true" }, channel.dm ? "@" : channel.thread ? "↳" : "#"),
      el("span", { class: "channel-label" }, channel.name),
      unread ? el("span", { class: "unread", title: "New messages" }) : null));
  }));
  renderMemberSwitch();
  const status = $("#bot-status");
  status.textContent = `${guild.application} is ${guild.bot_online ? "online" : "offline (starting or restarting)"}`;
  status.className = `bot-status ${guild.bot_online ? "online" : "offline"}`;
  renderEvents();
  renderChannelHeader();
}

function renderEvents() {
  const events = view.guild.events || [];
  $("#events-title").hidden = events.length === 0;
  $("#events").replaceChildren(...events.map((event) => el("li", { dataset: { eventId: event.id } },
    el("span", { class: "event-name" }, event.name),
    el("span", { class: "event-when" }, `${new Date(event.start).toLocaleString()} · ${event.location || ""}`),
    el("span", { class: "event-count" }, `${event.interested} interested`), " ",
    el("button", {
      type: "button", "aria-pressed": String(event.me_interested),
      onclick: async () => {
        try { await api("interested", { event: event.id }); } catch (error) { toast(`Could not reach the sandbox: ${error}`); }
      },
    }, event.me_interested ? "Interested ✓" : "Interested"))));
}

function renderMemberSwitch() {
  const select = $("#acting-as");
  const humans = view.guild.members.filter((m) => !m.bot);
  const signature = humans.map((m) => m.id + m.name + m.moderator).join("|");
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...humans.map((m) =>
      el("option", { value: m.username }, m.moderator ? `${m.name} (moderator)` : m.name)));
    select.dataset.signature = signature;
  }
  const mine = me();
  if (mine) select.value = mine.username;
  $("#my-roles").textContent = mine ? `Roles: ${mine.roles.join(", ") || "none"}` : "";
}

function renderChannelHeader() {
  const channel = currentChannel();
  if (!channel) return;
  $("#channel-name").replaceChildren(el("span", { "aria-hidden": "true" }, channel.dm ? "@ " : channel.thread ? "↳ " : "# "), channel.name);
  $("#channel-topic").textContent = channel.topic || "";
  const box = $("#message-box");
  box.disabled = !channel.can_send;
  box.placeholder = channel.can_send
    ? `Message ${channel.thread || channel.dm ? "" : "#"}${channel.name} — type / for commands`
    : "You do not have permission to send messages in this channel.";
  document.title = `#${channel.name} · ${view.guild.application} sandbox`;
}

function currentChannel() {
  return view.guild && view.guild.channels.find((c) => c.id === view.channel);
}

function selectChannel(id) {
  if (view.channel === id) return;
  view.channel = id;
  view.messages = [];
  $("#messages").replaceChildren();
  localStorage.setItem("loopback_discord.sandbox.channel", id);
  watch();
  if (view.guild) renderSidebar();
  closePalette();
  $("#message-box").focus();
}

function selectMember(username) {
  const member = view.guild.members.find((m) => m.username === username);
  if (!member || member.id === view.viewer) return;
  view.viewer = member.id;
  localStorage.setItem("loopback_discord.sandbox.user", username);
  view.messages = [];
  $("#messages").replaceChildren();
  $("#messages").dataset.viewer = "";
  watch();
  closePalette();
}

// -- messages --------------------------------------------------------------------------------

function renderMessages(messages) {
  const list = $("#messages");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120 || !list.children.length;
  const existing = new Map([...list.children].map((node) => [node.dataset.id, node]));
  const wanted = messages.filter((m) => !view.dismissed.has(m.id));
  const nodes = wanted.map((message) => {
    const signature = JSON.stringify(message);
    const old = existing.get(message.id);
    if (old && old.dataset.signature === signature && !old.classList.contains("editing")) return old;
    if (old && old.classList.contains("editing")) return old;
    const node = renderMessage(message);
    node.dataset.signature = signature;
    return node;
  });
  list.replaceChildren(...nodes);
  if (nearBottom) list.scrollTop = list.scrollHeight;
  if (messages.length) view.lastSeen[view.channel] = messages[messages.length - 1].id;
}

function renderMessage(message) {
  if (message.kind === "notice") return renderNotice(message);
  const author = message.author;
  const mine = author.id === view.viewer;
  const node = el("li", {
    class: `message${message.ephemeral ? " ephemeral" : ""}`, dataset: { id: message.id, author: author.name },
    "aria-label": `${author.name}${message.ephemeral ? " (only you can see this)" : ""}`,
  });
  if (message.reference) {
    node.append(el("div", { class: "reply-to" }, message.reference.deleted
      ? "Original message was deleted"
      : [el("strong", {}, message.reference.author), " ", message.reference.content]));
  }
  if (message.used) {
    node.append(el("div", { class: "context" }, el("strong", {}, message.used.user), " used ", el("strong", {}, `/${message.used.command}`)));
  }
  const poster = author.webhook && view.guild ? view.guild.members.find((m) => m.name === author.name) : null;
  node.append(el("div", { class: "avatar", style: `background:${colorFor(poster ? poster.id : author.webhook ? author.name : author.id)}`, "aria-hidden": "true" },
    (author.name || "?").slice(0, 1).toUpperCase()));
  const body = el("div", { class: "body" },
    el("div", { class: "meta" },
      el("span", { class: "author" }, author.name),
      author.bot || author.webhook ? el("span", { class: "badge", title: author.webhook ? "Posted through a webhook" : "Application" }, "APP") : null,
      el("time", { datetime: message.created_at, title: new Date(message.created_at).toLocaleString() },
        new Date(message.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }))));
  if (message.loading) body.append(el("div", { class: "loading" }, `${author.name} is thinking`));
  if (message.content) {
    const content = el("div", { class: "content", html: renderMarkdown(message.content) });
    if (message.edited) content.append(el("span", { class: "edited" }, " (edited)"));
    body.append(content);
  }
  for (const embed of message.embeds || []) body.append(renderEmbed(embed));
  if (message.attachments && message.attachments.length) body.append(renderAttachments(message.attachments));
  if (message.components && message.components.length) body.append(renderComponents(message));
  const reactions = Object.entries(message.reactions || {});
  if (reactions.length) body.append(el("div", { class: "reactions" }, reactions.map(([emoji, count]) => el("span", { class: "reaction" }, `${emoji} ${count}`))));
  if (message.ephemeral) body.append(ephemeralNote(message.id));
  node.append(body);
  markSpoilers(node, message.id);
  const canDelete = mine || (me() && me().moderator);
  if (!message.ephemeral && (mine || canDelete)) node.append(messageTools(node, message, mine, canDelete));
  return node;
}

function renderNotice(notice) {
  const app = notice.notice === "refused" ? "Discord" : (view.guild && view.guild.application) || "The application";
  const node = el("li", { class: `message notice notice-${notice.notice}${notice.ephemeral ? " ephemeral" : ""}`, dataset: { id: notice.id } },
    el("div", { class: "avatar", style: `background:${notice.notice === "refused" ? "#da373c" : colorFor(app)}`, "aria-hidden": "true" }, "!"),
    el("div", { class: "body" },
      el("div", { class: "meta" }, el("span", { class: "author" }, app), el("span", { class: "badge" }, notice.notice === "refused" ? "SYSTEM" : "APP")),
      el("div", { class: "content" }, `⚠ ${notice.content}`),
      notice.ephemeral ? ephemeralNote(notice.id) : null));
  return node;
}

function ephemeralNote(id) {
  return el("div", { class: "ephemeral-note" }, "👁 Only you can see this · ",
    el("button", { type: "button", onclick: () => { view.dismissed.add(id); renderMessages(view.messages); } }, "Dismiss message"));
}

function renderEmbed(embed) {
  const color = embed.color !== undefined && embed.color !== null ? `#${Number(embed.color).toString(16).padStart(6, "0")}` : null;
  const node = el("div", { class: "embed", style: color ? `--embed-color:${color}` : null });
  if (embed.author && embed.author.name) node.append(el("div", { class: "embed-author" }, embed.author.name));
  if (embed.title) {
    const title = el("div", { class: "embed-title", html: renderMarkdown(embed.title) });
    if (safeUrl(embed.url)) title.replaceChildren(el("a", { href: safeUrl(embed.url), target: "_blank", rel: "noopener noreferrer", html: renderMarkdown(embed.title) }));
    node.append(title);
  }
  if (embed.description) node.append(el("div", { class: "embed-description", html: renderMarkdown(embed.description) }));
  if (embed.fields && embed.fields.length) {
    node.append(el("div", { class: "embed-fields" }, embed.fields.map((field) =>
      el("div", { class: `embed-field${field.inline ? " inline" : ""}` },
        el("div", { class: "embed-field-name", html: renderMarkdown(field.name) }),
        el("div", { class: "embed-field-value", html: renderMarkdown(field.value) })))));
  }
  if (embed.image && safeUrl(embed.image.url)) node.append(el("img", { class: "embed-image", src: safeUrl(embed.image.url), alt: embed.title ? `Image: ${embed.title}` : "Embedded image" }));
  const footer = [embed.footer && embed.footer.text, embed.timestamp && new Date(embed.timestamp).toLocaleString()].filter(Boolean);
  if (footer.length) node.append(el("div", { class: "embed-footer" }, footer.join(" • ")));
  return node;
}

function renderAttachments(attachments) {
  return el("div", { class: "attachments" }, attachments.map((file) => {
    const box = el("div", { class: `attachment${file.spoiler ? " spoiler-file" : ""}` });
    if (file.image) box.append(el("img", { src: file.url, alt: file.filename }));
    box.append(el("a", { href: file.url, target: "_blank", rel: "noopener" }, file.spoiler ? `SPOILER · ${file.filename.replace(/^SPOILER_/, "")}` : file.filename));
    if (file.spoiler) box.addEventListener("click", () => box.classList.add("revealed"));
    return box;
  }));
}

function renderComponents(message) {
  const rows = message.components.map((row) => el("div", { class: "component-row" },
    (row.components || [row]).map((component) => renderComponent(message, component))));
  return el("div", { class: "components" }, rows);
}

function renderComponent(message, component) {
  const emoji = component.emoji ? (component.emoji.name || "") : "";
  if (component.type === 2 && component.style === 5) {
    return el("a", { class: "component style-5", href: safeUrl(component.url), target: "_blank", rel: "noopener noreferrer" }, emoji, component.label || "", " ↗");
  }
  if (component.type === 2) {
    return el("button", {
      type: "button", class: `component style-${component.style || 1}`, disabled: Boolean(component.disabled),
      dataset: { customId: component.custom_id || "" },
      onclick: (event) => clickButton(message.id, component.custom_id, event.currentTarget),
    }, emoji, component.label || "");
  }
  if (component.type === 3) return renderSelect(message, component);
  if ([5, 6, 7, 8].includes(component.type)) {
    return el("select", { class: "select-menu", disabled: true, title: "Member, role and channel menus are not supported in the sandbox yet" },
      el("option", {}, component.placeholder || "Select…"));
  }
  return el("span", {});
}

function renderSelect(message, menu) {
  const multiple = (menu.max_values || 1) > 1;
  const select = el("select", {
    class: "select-menu", disabled: Boolean(menu.disabled), multiple, "aria-label": menu.placeholder || "Choose",
    size: multiple ? Math.min(menu.options.length, 5) : false,
  }, multiple ? null : el("option", { value: "", disabled: true, selected: !menu.options.some((o) => o.default) }, menu.placeholder || "Select…"),
  menu.options.map((option) => el("option", { value: option.value, selected: Boolean(option.default), title: option.description || false },
    `${option.emoji && option.emoji.name ? option.emoji.name + " " : ""}${option.label}`)));
  const choose = async () => {
    const values = [...select.selectedOptions].map((o) => o.value).filter(Boolean);
    if (values.length < (menu.min_values ?? 1)) { toast(`Choose at least ${menu.min_values ?? 1}.`); return; }
    const result = await api("select", { message: message.id, custom_id: menu.custom_id, values });
    handleInteraction(result);
  };
  if (!multiple) { select.addEventListener("change", choose); return select; }
  return el("span", { class: "select-box" }, select, el("button", { type: "button", class: "component style-2", onclick: choose, disabled: Boolean(menu.disabled) }, "Choose"));
}

// What the application answered to a command, click or form: a form to fill, or an error.
function handleInteraction(result) {
  if (result.error) toast(result.error);
  if (result.kind === "modal") openModal(result.interaction, result.modal);
}

function modalInputs(modal) {
  const inputs = [];
  for (const top of modal.components || []) {
    const inner = top.type === 18 ? [top.component] : top.components || [];
    for (const input of inner) if (input && input.type === 4) inputs.push({ ...input, label: input.label || top.label || input.custom_id });
  }
  return inputs;
}

function openModal(interactionId, modal) {
  const fields = modalInputs(modal).map((input) => {
    const props = {
      name: input.custom_id, id: `modal-${input.custom_id}`, required: input.required !== false,
      maxlength: input.max_length || false, minlength: input.min_length || false, placeholder: input.placeholder || false,
    };
    const control = input.style === 2 ? el("textarea", { ...props, rows: 4 }) : el("input", { ...props, type: "text" });
    control.value = input.value || "";
    return el("p", { class: "modal-field" }, el("label", { for: props.id }, input.label), control);
  });
  const error = el("p", { class: "composer-error", role: "alert", hidden: true });
  const dialog = el("dialog", { class: "modal", "aria-label": modal.title || "Form" });
  const form = el("form", { method: "dialog" },
    el("h2", {}, modal.title || "Form"), fields, error,
    el("div", { class: "modal-actions" },
      el("button", { type: "button", class: "component style-2", onclick: () => dialog.close() }, "Cancel"),
      el("button", { type: "submit", class: "component style-1" }, "Submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const result = await api("modal", { interaction: interactionId, values });
    if (result.error) { error.textContent = result.error; error.hidden = false; return; }
    dialog.close();
    handleInteraction(result);
  });
  dialog.append(form);
  dialog.addEventListener("close", () => { dialog.remove(); $("#message-box").focus(); });
  document.body.append(dialog);
  dialog.showModal();
}

async function clickButton(messageId, customId, button) {
  button.classList.add("pending");
  button.setAttribute("aria-busy", "true");
  try {
    handleInteraction(await api("click", { message: messageId, custom_id: customId }));
  } catch (error) {
    toast(`Could not reach the sandbox: ${error}`);
  } finally {
    button.classList.remove("pending");
    button.removeAttribute("aria-busy");
  }
}

function markSpoilers(node, messageId) {
  node.querySelectorAll(".spoiler").forEach((spoiler, index) => {
    const key = `${messageId}:${index}`;
    const reveal = () => {
      spoiler.classList.add("revealed");
      spoiler.setAttribute("aria-label", "Spoiler, revealed");
      view.revealed.add(key);
    };
    if (view.revealed.has(key)) reveal();
    spoiler.addEventListener("click", reveal);
    spoiler.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); reveal(); }
    });
  });
}

function messageTools(node, message, mine, canDelete) {
  const tools = el("div", { class: "message-tools", role: "toolbar", "aria-label": "Message actions" });
  if (mine && message.content) tools.append(el("button", { type: "button", onclick: () => startEdit(node, message) }, "Edit"));
  if (canDelete) {
    tools.append(el("button", {
      type: "button",
      onclick: async () => {
        if (!window.confirm("Delete this message?")) return;
        const result = await api("delete", { message: message.id });
        if (result.error) toast(result.error);
      },
    }, "Delete"));
  }
  return tools;
}

function startEdit(node, message) {
  const content = node.querySelector(".content");
  const box = el("textarea", { class: "edit-box", rows: 2, "aria-label": "Edit message" });
  box.value = message.content;
  node.classList.add("editing");
  content.replaceWith(box);
  box.focus();
  const finish = () => { node.classList.remove("editing"); node.dataset.signature = ""; renderMessages(view.messages); };
  box.addEventListener("keydown", async (event) => {
    if (event.key === "Escape") finish();
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      const result = await api("edit", { message: message.id, content: box.value });
      if (result.error) toast(result.error);
      finish();
    }
  });
}

setInterval(() => {
  document.querySelectorAll('time.timestamp[data-style="R"]').forEach((node) => {
    node.textContent = formatTimestamp(Number(node.dataset.ts), "R");
  });
}, 1000);

// -- the message box and the command palette ----------------------------------------------------

const palette = { items: [], index: 0, navigated: false, mode: null, picked: {}, autocompleteSeq: 0, timer: null };

function commands() {
  return (view.guild && view.guild.commands) || [];
}

// "/quote search text:hello spoilers:True" -> {command, values, current, partial}
function parseCommand(text) {
  if (!text.startsWith("/")) return null;
  const typed = text.slice(1);
  let command = null;
  for (const candidate of commands()) {
    if ((typed === candidate.path || typed.startsWith(candidate.path + " ")) && (!command || candidate.path.length > command.path.length)) command = candidate;
  }
  if (!command) return { command: null, query: typed };
  const rest = typed.slice(command.path.length);
  const names = command.options.map((o) => o.name.replace(/[-\\^$*+?.()|[\]{}]/g, "\\$&"));
  const values = {};
  let current = null;
  let partial = rest.trimStart();
  if (names.length) {
    const pattern = new RegExp(`(?:^|\\s)(${names.join("|")}):`, "g");
    const marks = [...rest.matchAll(pattern)];
    if (marks.length) partial = rest.slice(0, marks[0].index).trim();
    marks.forEach((mark, i) => {
      const start = mark.index + mark[0].length;
      const end = i + 1 < marks.length ? marks[i + 1].index : rest.length;
      values[mark[1]] = rest.slice(start, end).replace(/^\s+/, "");
      current = mark[1];
    });
    if (current !== null && /\s$/.test(rest) && values[current].trim() !== "" && !values[current].includes(" ")) {
      // "seconds:5 " -> the member moved on to the next option
      values[current] = values[current].trim();
      current = null;
      partial = "";
    }
  }
  return { command, values, current, partial };
}

function onInput() {
  const box = $("#message-box");
  box.style.height = "auto";
  box.style.height = `${Math.min(box.scrollHeight, window.innerHeight * 0.4)}px`;
  hideComposerError();
  const parsed = parseCommand(box.value);
  if (!parsed) { closePalette(); return; }
  if (!parsed.command) { showCommandList(parsed.query); return; }
  if (parsed.current) { showValueSuggestions(parsed); return; }
  showOptionList(parsed);
}

function showCommandList(query) {
  const q = query.trim().toLowerCase();
  const found = commands().filter((c) => c.path.startsWith(q) || (q && c.path.includes(q)));
  setHint(null);
  openPalette("commands", found.length ? "Commands" : "No command matches", found.map((c) => ({
    label: `/${c.path}`,
    desc: c.description,
    apply: () => setBox(`/${c.path} `),
    exact: `/${c.path}` === $("#message-box").value.trim(),
  })));
}

function showOptionList(parsed) {
  const { command, values, partial } = parsed;
  const left = command.options.filter((o) => !(o.name in values) && o.name.startsWith(partial || ""));
  left.sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  setHint(command.options.length ? null : `/${command.path} — ${command.description} · press Enter to send`);
  if (!left.length) { closePalette(); return; }
  openPalette("options", "Options", left.map((o) => ({
    label: o.name, desc: `${o.description}${o.required ? "" : " (optional)"}`, required: o.required,
    apply: () => {
      const box = $("#message-box");
      const base = partial ? box.value.slice(0, box.value.length - partial.length) : box.value.replace(/\s*$/, " ");
      setBox(`${base}${o.name}:`);
    },
  })), Boolean(partial));
}

function showValueSuggestions(parsed) {
  const { command, values, current } = parsed;
  const option = command.options.find((o) => o.name === current);
  const typed = values[current] || "";
  setHint(`<strong>${escapeHtml(option.name)}</strong> — ${escapeHtml(option.description)} · ${OPTION_TYPES[option.type] || "value"}${option.required ? " · required" : ""}${rangeText(option)}`);
  const fill = (name, value) => () => {
    palette.picked[option.name] = { name, value };
    replaceCurrentValue(parsed, name);
  };
  const pick = (list) => list.map((choice) => ({ label: choice.name, apply: fill(choice.name, choice.value), exact: choice.name.toLowerCase() === typed.trim().toLowerCase() }));
  if (option.autocomplete) { requestAutocomplete(parsed, option, typed, pick); return; }
  let choices = option.choices || [];
  if (option.type === 5) choices = [{ name: "True", value: true }, { name: "False", value: false }];
  if (option.type === 6 || option.type === 9) choices = view.guild.members.map((m) => ({ name: m.username, value: m.username }));
  if (option.type === 7) choices = view.guild.channels.map((c) => ({ name: c.name, value: c.name }));
  if (option.type === 8) choices = view.guild.roles.filter((r) => r.name !== "@everyone").map((r) => ({ name: r.name, value: r.name }));
  const q = typed.trim().toLowerCase();
  const shown = choices.filter((c) => c.name.toLowerCase().includes(q)).slice(0, 25);
  if (!shown.length) { closePalette(); return; }
  openPalette("values", option.name, pick(shown), Boolean(q));
}

function rangeText(option) {
  if (option.min_value !== undefined && option.max_value !== undefined) return ` · ${option.min_value}–${option.max_value}`;
  if (option.max_length !== undefined) return ` · up to ${option.max_length} characters`;
  return "";
}

function requestAutocomplete(parsed, option, typed, pick) {
  cancelAutocomplete();
  const seq = palette.autocompleteSeq;
  const asked = $("#message-box").value;
  // Never leave the previous list (command options) under Enter while suggestions load.
  if (palette.mode !== "values") openPalette("values", option.name, [], false, "Loading suggestions…");
  palette.timer = setTimeout(async () => {
    const result = await api("autocomplete", { command: parsed.command.path, option: option.name, typed, options: parsed.values });
    // Drop a late answer: the member kept typing, sent the command or closed the list meanwhile.
    if (seq !== palette.autocompleteSeq || $("#message-box").value !== asked) return;
    if (result.error || result.failed) { openPalette("values", option.name, [], false, result.error || result.failed); return; }
    openPalette("values", option.name, pick(result.choices), Boolean(typed.trim()), "No suggestions");
  }, 120);
}

// Whatever suggestions are on their way (or still to be asked for) will not be shown.
function cancelAutocomplete() {
  clearTimeout(palette.timer);
  palette.autocompleteSeq++;
}

function replaceCurrentValue(parsed, text) {
  // After a pick the list closes (as in Discord) so that the next Enter sends.
  const box = $("#message-box");
  const old = parsed.values[parsed.current] || "";
  const value = `${box.value.slice(0, box.value.length - old.length)}${text} `;
  box.value = value;
  box.focus();
  box.setSelectionRange(value.length, value.length);
  closePalette();
}

function setBox(text) {
  const box = $("#message-box");
  box.value = text;
  box.focus();
  box.setSelectionRange(text.length, text.length);
  onInput();
}

function setHint(html) {
  const hint = $("#option-hint");
  hint.hidden = !html;
  hint.innerHTML = html || "";
}

function openPalette(mode, heading, items, preselect = true, emptyText = null) {
  palette.mode = mode;
  palette.items = items;
  palette.index = 0;
  palette.navigated = false;
  palette.preselect = preselect;
  const node = $("#palette");
  node.hidden = false;
  node.dataset.mode = mode;
  const children = [el("div", { class: "palette-heading" }, heading)];
  if (!items.length) children.push(el("div", { class: "palette-empty" }, emptyText || "Nothing to suggest"));
  items.forEach((item, i) => children.push(el("div", {
    class: "palette-item", role: "option", id: `palette-${i}`, "aria-selected": String(i === 0 && preselect),
    onmousedown: (event) => { event.preventDefault(); item.apply(); },
  }, el("span", { class: "name" }, item.label, item.required ? el("span", { class: "req" }, " *") : null),
  item.desc ? el("span", { class: "desc" }, item.desc) : null)));
  node.replaceChildren(...children);
}

function closePalette() {
  cancelAutocomplete(); // a list closed (a command sent, Esc) is not reopened by a late answer
  $("#palette").hidden = true;
  $("#message-box").removeAttribute("aria-activedescendant");
  palette.items = [];
  palette.mode = null;
}

function movePalette(step) {
  if (!palette.items.length) return;
  palette.navigated = true;
  palette.index = (palette.index + step + palette.items.length) % palette.items.length;
  document.querySelectorAll(".palette-item").forEach((node, i) => {
    node.setAttribute("aria-selected", String(i === palette.index));
    if (i === palette.index) node.scrollIntoView({ block: "nearest" });
  });
  $("#message-box").setAttribute("aria-activedescendant", `palette-${palette.index}`);
}

// Enter picks a suggestion only when the member is choosing one; otherwise it sends.
function enterPicks() {
  if ($("#palette").hidden || !palette.items.length) return false;
  const item = palette.items[palette.index];
  if (palette.navigated) return true;
  if (item.exact) return false;
  return palette.preselect;
}

function onKeyDown(event) {
  if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
    event.preventDefault();
    const channels = view.guild ? view.guild.channels : [];
    const at = channels.findIndex((c) => c.id === view.channel);
    const next = channels[(at + (event.key === "ArrowUp" ? -1 : 1) + channels.length) % channels.length];
    if (next) selectChannel(next.id);
    return;
  }
  const open = !$("#palette").hidden && palette.items.length;
  if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) { event.preventDefault(); movePalette(event.key === "ArrowDown" ? 1 : -1); return; }
  if (open && event.key === "Tab") { event.preventDefault(); palette.items[palette.index].apply(); return; }
  if (event.key === "Escape") { closePalette(); return; }
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    if (enterPicks()) { palette.items[palette.index].apply(); return; }
    send();
  }
}

async function send() {
  const box = $("#message-box");
  const text = box.value.trim();
  if (!text || box.disabled) return;
  if (text.startsWith("/")) { await sendCommand(text); return; }
  if (text.length > 2000) { showComposerError(`Your message is too long (${text.length} characters; 2000 at most).`); return; }
  box.value = "";
  onInput();
  const result = await api("say", { content: text });
  if (result.error) { box.value = text; showComposerError(result.error); }
}

async function sendCommand(text) {
  const parsed = parseCommand(text);
  if (!parsed.command) { showComposerError(`There is no command ${text.split(/\s/)[0]}. Type / to see them.`); return; }
  const missing = parsed.command.options.filter((o) => o.required && !(parsed.values[o.name] || "").trim());
  if (missing.length) { showComposerError(`Fill in ${missing.map((o) => o.name).join(", ")} (required).`); return; }
  const options = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    const value = raw.trim();
    const picked = palette.picked[name];
    options[name] = picked && picked.name === value ? picked.value : value;
  }
  const box = $("#message-box");
  box.value = "";
  palette.picked = {};
  closePalette();
  setHint(null);
  const result = await api("slash", { command: parsed.command.path, options });
  if (result.error) { box.value = text; showComposerError(result.error); return; }
  handleInteraction(result);
}

function showComposerError(text) {
  const node = $("#composer-error");
  node.textContent = text;
  node.hidden = false;
}

function hideComposerError() {
  $("#composer-error").hidden = true;
}

// -- the live connection ---------------------------------------------------------------------

function watch() {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ user: view.viewer, channel: view.channel }));
  }
}

function connect(delay = 500) {
  socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/sandbox/ws`);
  socket.addEventListener("open", () => { $("#connection").hidden = true; delay = 500; watch(); });
  socket.addEventListener("message", (event) => onFrame(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    $("#connection").hidden = false;
    setTimeout(() => connect(Math.min(delay * 2, 5000)), delay);
  });
}

function onFrame(frame) {
  if (frame.type === "guild") {
    const first = !view.guild;
    view.guild = frame;
    for (const channel of frame.channels) {
      if (!(channel.id in view.lastSeen)) view.lastSeen[channel.id] = channel.last_message_id;
    }
    if (!view.viewer || !frame.members.some((m) => m.id === view.viewer)) {
      const remembered = frame.members.find((m) => m.username === localStorage.getItem("loopback_discord.sandbox.user"));
      view.viewer = (remembered || frame.members.find((m) => m.id === frame.viewer)).id;
    }
    if (!view.channel || !frame.channels.some((c) => c.id === view.channel)) {
      const remembered = frame.channels.find((c) => c.id === localStorage.getItem("loopback_discord.sandbox.channel"));
      view.channel = (remembered || frame.channels.find((c) => c.name === "general") || frame.channels[0]).id;
    }
    if (first || frame.viewer !== view.viewer) watch();
    renderSidebar();
    if (!$("#palette").hidden && palette.mode === "commands") onInput();
    return;
  }
  if (frame.type === "messages" && frame.channel === view.channel && frame.viewer === view.viewer) {
    view.messages = frame.messages;
    renderMessages(frame.messages);
    const list = $("#messages");
    list.dataset.viewer = me() ? me().username : "";
    list.dataset.channel = frame.channel;
    if (view.guild) renderSidebar();
  }
}

// -- wiring --------------------------------------------------------------------------------

$("#message-box").addEventListener("input", onInput);
$("#message-box").addEventListener("keydown", onKeyDown);
$("#message-box").addEventListener("blur", () => setTimeout(() => { if (document.activeElement !== $("#message-box")) closePalette(); }, 150));
$("#composer").addEventListener("submit", (event) => { event.preventDefault(); send(); });
$("#acting-as").addEventListener("change", (event) => selectMember(event.target.value));
$("#messages").addEventListener("click", (event) => {
  const link = event.target.closest("a.mention[data-channel]");
  if (link) { event.preventDefault(); selectChannel(link.dataset.channel); }
});
connect();
$("#message-box").focus();
