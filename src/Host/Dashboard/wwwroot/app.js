// The Platform dashboard: plain DOM, one module, no build step. Every figure comes from /_platform's JSON
// endpoints; /_platform/events (server-sent events) pushes new invocations and a tick to refresh figures.
const api = "/_platform";
const view = document.getElementById("view");
const state = { tab: "topology", invocations: [], filters: { function: "", outcome: "", source: "" }, selected: null, refresh: null };
const MaxRows = 500;

// ---- tiny helpers ----
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
async function get(path) {
  const r = await fetch(api + path, { headers: { accept: "application/json" } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
async function post(path, body, type) {
  const init = { method: "POST" };
  if (body !== undefined) { init.body = body; if (type) init.headers = { "content-type": type }; }
  const r = await fetch(api + path, init);
  const text = await r.text();
  const data = text ? JSON.parse(text) : {};
  if (!r.ok) throw new Error(data.error || r.statusText);
  return data;
}
function toast(text, error = false) {
  const el = h("div", { class: error ? "error" : "" }, text);
  document.getElementById("toast").append(el);
  setTimeout(() => el.remove(), error ? 8000 : 4000);
}
const act = (fn) => async (e) => { try { await fn(e); } catch (err) { toast(err.message, true); } };
const enc = encodeURIComponent;
const pretty = (text) => { if (text == null) return "—"; try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; } };
const time = (iso) => new Date(iso).toLocaleTimeString();
const ms = (n) => n < 10 ? n.toFixed(2) : Math.round(n).toString();

// ---- tabs ----
const tabs = [...document.querySelectorAll("#tabs button")];
function show(tab) {
  state.tab = tab;
  for (const b of tabs) { const on = b.dataset.view === tab; b.setAttribute("aria-selected", on); b.tabIndex = on ? 0 : -1; }
  location.hash = tab;
  render();
}
for (const b of tabs) b.addEventListener("click", () => show(b.dataset.view));
document.getElementById("tabs").addEventListener("keydown", (e) => {
  const i = tabs.findIndex((b) => b.dataset.view === state.tab);
  const next = e.key === "ArrowRight" ? tabs[(i + 1) % tabs.length] : e.key === "ArrowLeft" ? tabs[(i + tabs.length - 1) % tabs.length] : null;
  if (next) { next.focus(); show(next.dataset.view); }
});

async function render() {
  state.refresh = null;
  const renderers = { topology, invocations, queues, buckets, streams, functions, http };
  try { await renderers[state.tab](); } catch (err) { view.replaceChildren(h("p", { class: "bad" }, err.message)); }
}

// ---- topology ----
async function topology() {
  const { edges } = await get("/topology");
  const figures = (f) => Object.entries(f).filter(([k]) => !k.endsWith("PerMinute")).map(([k, v]) => h("span", {}, `${k} `, h("b", {}, Math.round(v)), " "));
  const rows = edges.map((e) => h("div", { class: "edge", "data-edge": e.viaId },
    h("div", { class: "node" }, h("div", { class: "kind" }, e.sourceKind), h("div", { class: "name" }, e.source),
      h("div", { class: "figures" }, figures(e.figures))),
    h("div", { class: "arrow", "aria-hidden": "true" }, "→"),
    h("div", { class: "node" + (e.healthy ? "" : " unhealthy") }, h("div", { class: "kind" }, e.viaKind),
      h("div", {}, h("span", { class: e.state }, e.state), " ", h("span", { class: "muted" }, e.viaId.length > 40 ? e.viaId.slice(0, 40) + "…" : e.viaId)),
      h("div", { class: "figures" }, Object.entries(e.settings).map(([k, v]) => h("div", {}, `${k}: `, h("b", {}, v)))),
      e.lastError ? h("div", { class: "figures bad" }, e.lastError) : null,
      e.switchable ? h("button", { onclick: act(async () => { await post(`/mappings/${enc(e.viaId)}/${e.state === "Enabled" ? "disable" : "enable"}`); toast(`${e.state === "Enabled" ? "Disabled" : "Enabled"} ${e.source} → ${e.function}`); await topology(); }) },
        e.state === "Enabled" ? "Disable" : "Enable") : null),
    h("div", { class: "arrow", "aria-hidden": "true" }, "→"),
    h("div", { class: "node" }, h("div", { class: "kind" }, "function"), h("div", { class: "name" }, e.function),
      h("div", { class: "figures" }, h("b", {}, e.figures.invocationsPerMinute), " invocations/min · ", h("b", { class: e.figures.errorsPerMinute ? "bad" : "" }, e.figures.errorsPerMinute), " errors/min")),
    h("div", { class: "arrow", "aria-hidden": "true" }, e.destinations.length ? "→" : ""),
    h("div", {}, e.destinations.map((d) => h("div", { class: "node" }, h("div", { class: "kind" }, d.role), h("div", { class: "name" }, d.target),
      d.depth !== undefined ? h("div", { class: "figures" }, "depth ", h("b", { class: d.depth ? "warn" : "" }, d.depth)) : null)))));
  view.replaceChildren(h("h2", {}, "Sources → notifications and mappings → functions → destinations"),
    rows.length ? h("div", { class: "edges" }, rows) : h("p", { class: "muted" }, "No triggers yet: add one to platform.yaml or with aws lambda create-event-source-mapping."));
  state.refresh = topology;
}

// ---- invocations ----
function invocationQuery(extra = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...extra })) if (v) q.set(k, v);
  return q.toString();
}
function matches(inv) {
  const f = state.filters;
  return (!f.function || inv.function === f.function) && (!f.outcome || inv.outcome === f.outcome) && (!f.source || inv.trigger.startsWith(f.source));
}
async function loadInvocations() { state.invocations = await get("/invocations?" + invocationQuery({ limit: 100 })); }
function invocationRow(inv) {
  const row = h("tr", { class: "selectable" + (state.selected === inv.id ? " selected" : ""), tabindex: 0, "data-id": inv.id,
    onclick: () => openInvocation(inv.id), onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openInvocation(inv.id); } } },
    h("td", {}, time(inv.startedAt)), h("td", {}, inv.function), h("td", {}, inv.trigger), h("td", {}, inv.attempt),
    h("td", {}, inv.cold ? "cold" : "warm"), h("td", {}, ms(inv.durationMs)), h("td", { class: inv.outcome }, inv.outcome),
    h("td", { class: "muted" }, inv.errorType || ""), h("td", { class: "muted" }, inv.requestId.slice(0, 8)));
  return row;
}
function invocationTable() {
  const body = h("tbody", { id: "invocation-rows" }, state.invocations.map(invocationRow));
  return h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, ["time", "function", "source", "attempt", "start", "ms", "outcome", "error type", "request"].map((t) => h("th", {}, t)))), body),
    h("div", { class: "toolbar" }, h("button", { id: "older", onclick: act(async () => {
      const last = state.invocations.at(-1);
      if (!last) return;
      const older = await get("/invocations?" + invocationQuery({ limit: 100, before: last.id }));
      state.invocations.push(...older);
      body.append(...older.map(invocationRow));
      if (older.length === 0) toast("No older invocations.");
    }) }, "Load older")));
}
async function invocations() {
  await loadInvocations();
  const filter = (name, el) => { el.value = state.filters[name]; el.addEventListener("change", act(async () => { state.filters[name] = el.value.trim(); await invocations(); })); return el; };
  const detail = h("div", { id: "detail", class: "card" }, h("p", { class: "muted" }, "Select an invocation (click or Enter) to see its event, response, logs and retries."));
  view.replaceChildren(
    h("div", { class: "toolbar" },
      h("label", {}, "function ", filter("function", h("input", { id: "filter-function", placeholder: "any", size: 14 }))),
      h("label", {}, "outcome ", filter("outcome", h("select", { id: "filter-outcome" }, ["", "Succeeded", "Failed", "TimedOut"].map((o) => h("option", { value: o }, o || "any"))))),
      h("label", {}, "source ", filter("source", h("input", { id: "filter-source", placeholder: "s3, sqs:orders…", size: 14 })))),
    h("div", { class: "split" }, invocationTable(), detail));
  if (state.selected) openInvocation(state.selected);
}
async function openInvocation(id) {
  state.selected = id;
  for (const r of document.querySelectorAll("#invocation-rows tr")) r.classList.toggle("selected", Number(r.dataset.id) === id);
  const { invocation: inv, attempts } = await get(`/invocations/${id}`);
  const detail = document.getElementById("detail");
  if (!detail) return;
  detail.replaceChildren(
    h("h2", {}, `${inv.function} · `, h("span", { class: inv.outcome }, inv.outcome)),
    h("div", { class: "muted" }, `${inv.requestId} · ${inv.trigger} · attempt ${inv.attempt} · ${inv.cold ? "cold" : "warm"} · ${ms(inv.durationMs)} ms · ${inv.startedAt}`),
    inv.error ? h("p", { class: "bad" }, inv.error) : null,
    h("div", { class: "toolbar" }, h("button", { class: "primary", id: "replay", onclick: act(async () => {
      const r = await post(`/invocations/${id}/replay`);
      toast(`Replayed: ${r.outcome} in ${ms(r.durationMs)} ms`, r.outcome !== "Succeeded");
    }) }, "Replay")),
    h("h3", {}, "Event"), h("pre", { id: "detail-event" }, pretty(inv.payload)),
    h("h3", {}, "Response"), h("pre", { id: "detail-response" }, pretty(inv.response)),
    h("h3", {}, "Logs"), h("pre", { id: "detail-logs" }, inv.logs || "—"),
    h("h3", {}, "Attempts of this request"),
    h("table", {}, attempts.map((a) => h("tr", {}, h("td", {}, a.attempt), h("td", {}, time(a.startedAt)), h("td", { class: a.outcome }, a.outcome), h("td", {}, ms(a.durationMs) + " ms"), h("td", { class: "muted" }, a.error || "")))));
}
function onLiveInvocations(list) {
  const fresh = list.filter(matches);
  if (!fresh.length) return;
  state.invocations = [...fresh, ...state.invocations].slice(0, MaxRows);
  const body = document.getElementById("invocation-rows");
  if (state.tab === "invocations" && body) {
    body.prepend(...fresh.map(invocationRow));
    while (body.children.length > MaxRows) body.lastChild.remove();
  }
}

// ---- queues ----
async function queues() {
  const list = await get("/queues");
  const panel = h("div", { id: "queue-panel", class: "card" }, h("p", { class: "muted" }, "Select a queue to peek, send, purge or redrive."));
  const rows = list.map((q) => h("tr", { class: "selectable", tabindex: 0, "data-queue": q.name, onclick: () => openQueue(q, panel), onkeydown: (e) => { if (e.key === "Enter") openQueue(q, panel); } },
    h("td", {}, q.name), h("td", {}, q.visible), h("td", {}, q.inFlight), h("td", {}, q.delayed),
    h("td", {}, q.deadLetterQueue || ""), h("td", {}, q.deadLetterSources.join(", "))));
  view.replaceChildren(h("div", { class: "split" }, h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, ["queue", "visible", "in flight", "delayed", "DLQ", "DLQ of"].map((t) => h("th", {}, t)))), h("tbody", {}, rows))), panel));
  if (state.queue) { const q = list.find((x) => x.name === state.queue); if (q) openQueue(q, panel); }
  state.refresh = queues;
}
async function openQueue(q, panel) {
  state.queue = q.name;
  const messages = await get(`/queues/${enc(q.name)}/messages?limit=50`);
  const body = h("textarea", { id: "send-body", placeholder: "message body", "aria-label": "message body" });
  const progress = h("div", { class: "progress" }, h("div", {}));
  panel.replaceChildren(h("h2", {}, q.name),
    h("div", { class: "toolbar" },
      h("button", { id: "purge", class: "danger", onclick: act(async () => { await post(`/queues/${enc(q.name)}/purge`); toast(`Purged ${q.name}`); await queues(); }) }, "Purge"),
      q.deadLetterSources.length ? h("button", { id: "redrive", class: "primary", onclick: act(async () => {
        await post(`/queues/${enc(q.name)}/redrive`);
        for (;;) {
          const [task] = await get(`/queues/${enc(q.name)}/redrive`);
          if (!task) break;
          progress.firstChild.style.width = `${task.toMove ? (100 * task.moved / task.toMove) : 100}%`;
          if (task.status !== "RUNNING") { toast(`Redrive ${task.status.toLowerCase()}: ${task.moved} of ${task.toMove} moved to ${q.deadLetterSources.join(", ")}`, task.status === "FAILED"); break; }
          await new Promise((r) => setTimeout(r, 300));
        }
        await queues();
      }) }, `Redrive to ${q.deadLetterSources.join(", ")}`) : null),
    progress,
    h("h3", {}, `Messages (${messages.length}, peeked — visibility unchanged)`),
    h("table", { id: "peek" }, h("thead", {}, h("tr", {}, ["id", "state", "receives", "sent", "body"].map((t) => h("th", {}, t)))),
      h("tbody", {}, messages.map((m) => h("tr", {}, h("td", { class: "muted" }, m.messageId.slice(0, 8)), h("td", {}, m.state), h("td", {}, m.receiveCount), h("td", {}, time(m.sentAt)), h("td", {}, h("code", {}, m.body.length > 200 ? m.body.slice(0, 200) + "…" : m.body)))))),
    h("h3", {}, "Send"), body,
    h("div", { class: "toolbar" }, h("button", { id: "send", onclick: act(async () => { const r = await post(`/queues/${enc(q.name)}/messages`, body.value, "text/plain"); toast(`Sent ${r.messageId}`); body.value = ""; await queues(); }) }, "Send message")));
}

// ---- buckets ----
async function buckets() {
  const list = await get("/buckets");
  const panel = h("div", { id: "bucket-panel", class: "card" }, h("p", { class: "muted" }, "Select a bucket to browse, upload or download."));
  view.replaceChildren(h("div", { class: "split" }, h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, ["bucket", "created", "notifications"].map((t) => h("th", {}, t)))),
    h("tbody", {}, list.map((b) => h("tr", { class: "selectable", tabindex: 0, "data-bucket": b.name, onclick: () => openBucket(b.name, "", panel), onkeydown: (e) => { if (e.key === "Enter") openBucket(b.name, "", panel); } },
      h("td", {}, b.name), h("td", {}, new Date(b.createdAt).toLocaleString()), h("td", {}, b.notifications)))))), panel));
  if (state.bucket) openBucket(state.bucket, state.prefix || "", panel);
}
async function openBucket(bucket, prefix, panel) {
  state.bucket = bucket; state.prefix = prefix;
  const [listing, notifications] = await Promise.all([get(`/buckets/${enc(bucket)}/objects?delimiter=/&prefix=${enc(prefix)}`), get(`/buckets/${enc(bucket)}/notifications`)]);
  const parts = prefix.split("/").filter(Boolean);
  const crumbs = h("div", { class: "crumbs" }, h("button", { onclick: () => openBucket(bucket, "", panel) }, bucket), "/",
    parts.map((p, i) => [h("button", { onclick: () => openBucket(bucket, parts.slice(0, i + 1).join("/") + "/", panel) }, p), "/"]));
  const input = h("input", { type: "file", id: "upload-input", multiple: true, "aria-label": "files to upload" });
  const upload = async (files) => {
    for (const file of files) {
      await post(`/buckets/${enc(bucket)}/object?key=${enc(prefix + file.name)}`, file, file.type || "application/octet-stream");
      toast(`Uploaded ${prefix + file.name}`);
    }
    await openBucket(bucket, prefix, panel);
  };
  input.addEventListener("change", act(() => upload(input.files)));
  const drop = h("div", { class: "drop", id: "drop" }, "Drop files here to upload to ", h("code", {}, `${bucket}/${prefix}`), " — or ", input);
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", act(async (e) => { e.preventDefault(); drop.classList.remove("over"); await upload(e.dataTransfer.files); }));
  panel.replaceChildren(h("h2", {}, crumbs), drop,
    h("table", { id: "objects" }, h("thead", {}, h("tr", {}, ["key", "size", "modified", ""].map((t) => h("th", {}, t)))),
      h("tbody", {},
        listing.prefixes.map((p) => h("tr", {}, h("td", {}, h("button", { onclick: () => openBucket(bucket, p, panel) }, p.slice(prefix.length))), h("td", {}), h("td", {}), h("td", {}))),
        listing.objects.map((o) => h("tr", {}, h("td", {}, o.key.slice(prefix.length)), h("td", {}, o.size), h("td", {}, new Date(o.lastModified).toLocaleString()),
          h("td", {}, h("a", { href: `${api}/buckets/${enc(bucket)}/object?key=${enc(o.key)}`, download: o.key.split("/").pop() }, "download")))))),
    h("h3", {}, "Notification configuration"),
    notifications.length ? h("table", {}, notifications.map((n) => h("tr", {}, h("td", {}, n.id), h("td", {}, n.functionArn.split(":").pop()), h("td", {}, n.events.join(", ")), h("td", {}, [n.prefix && `prefix ${n.prefix}`, n.suffix && `suffix ${n.suffix}`].filter(Boolean).join(" "))))) : h("p", { class: "muted" }, "none"));
}

// ---- streams ----
async function streams() {
  const list = await get("/streams");
  const panel = h("div", { id: "stream-panel", class: "card" }, h("p", { class: "muted" }, "Select a stream to see its shards and the mappings' checkpoints."));
  view.replaceChildren(h("div", { class: "split" }, h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, ["stream", "status", "open shards"].map((t) => h("th", {}, t)))),
    h("tbody", {}, list.map((s) => h("tr", { class: "selectable", tabindex: 0, onclick: () => openStream(s.name, panel), onkeydown: (e) => { if (e.key === "Enter") openStream(s.name, panel); } },
      h("td", {}, s.name), h("td", {}, s.status), h("td", {}, s.shards)))))), panel));
  if (!list.length) panel.replaceChildren(h("p", { class: "muted" }, "No Kinesis streams. aws kinesis create-stream makes one."));
}
async function openStream(name, panel) {
  const s = await get(`/streams/${enc(name)}`);
  const records = h("div", {});
  panel.replaceChildren(h("h2", {}, name),
    h("table", {}, h("thead", {}, h("tr", {}, ["shard", "hash keys", "sequence numbers", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, s.shards.map((sh) => h("tr", {}, h("td", {}, sh.shardId, sh.parentShardId ? h("div", { class: "muted" }, `parent ${sh.parentShardId}`) : null),
        h("td", { class: "muted" }, `${sh.startingHashKey.slice(0, 12)}… – ${sh.endingHashKey.slice(0, 12)}…`),
        h("td", { class: "muted" }, `${sh.startingSequenceNumber.slice(-10)} … ${(sh.endingSequenceNumber || sh.latestSequenceNumber || "").slice(-10)}`),
        h("td", {}, h("button", { onclick: act(async () => {
          const last = await get(`/streams/${enc(name)}/shards/${enc(sh.shardId)}/records?limit=20`);
          records.replaceChildren(h("h3", {}, `Last records of ${sh.shardId}`), last.length ? h("table", {}, last.map((r) => h("tr", {}, h("td", { class: "muted" }, r.sequenceNumber.slice(-10)), h("td", {}, r.partitionKey), h("td", {}, h("code", {}, r.data ?? r.dataBase64))))) : h("p", { class: "muted" }, "empty"));
        }) }, "last records")))))),
    h("h3", {}, "Mappings"),
    s.mappings.length ? s.mappings.map((m) => h("div", { class: "card" }, h("b", {}, m.function), ` · ${m.state}`, m.iteratorAgeMs !== undefined ? ` · iterator age ${m.iteratorAgeMs} ms` : "",
      h("table", {}, Object.entries(m.checkpoints).map(([shard, seq]) => h("tr", {}, h("td", {}, shard), h("td", { class: "muted" }, seq ?? "not started")))))) : h("p", { class: "muted" }, "none"),
    records);
}

// ---- functions ----
const samples = {
  s3: { Records: [{ eventVersion: "2.1", eventSource: "aws:s3", awsRegion: "us-east-1", eventTime: new Date().toISOString(), eventName: "ObjectCreated:Put", s3: { s3SchemaVersion: "1.0", bucket: { name: "uploads", arn: "arn:aws:s3:::uploads" }, object: { key: "images/photo.jpg", size: 1024, eTag: "d41d8cd98f00b204e9800998ecf8427e", sequencer: "0A1B2C3D4E5F678901" } } }] },
  sqs: { Records: [{ messageId: "059f36b4-87a3-44ab-83d2-661975830a7d", receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a", body: "{\"orderId\":\"o-1\",\"amount\":12.5}", attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()), SenderId: "000000000000", ApproximateFirstReceiveTimestamp: String(Date.now()) }, messageAttributes: {}, md5OfBody: "", eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:orders", awsRegion: "us-east-1" }] },
  kinesis: { Records: [{ kinesis: { kinesisSchemaVersion: "1.0", partitionKey: "user-7", sequenceNumber: "49590338271490256608559692538361571095921575989136588898", data: btoa("{\"page\":\"/\"}"), approximateArrivalTimestamp: Date.now() / 1000 }, eventSource: "aws:kinesis", eventVersion: "1.0", eventID: "shardId-000000000000:49590338271490256608559692538361571095921575989136588898", eventName: "aws:kinesis:record", invokeIdentityArn: "arn:aws:iam::000000000000:role/lambda", awsRegion: "us-east-1", eventSourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream/clicks" }] },
  dynamodb: { Records: [{ eventID: "1", eventName: "INSERT", eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: "us-east-1", dynamodb: { Keys: { pk: { S: "o-1" } }, NewImage: { pk: { S: "o-1" } }, SequenceNumber: "111", SizeBytes: 26, StreamViewType: "NEW_AND_OLD_IMAGES" }, eventSourceARN: "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000" }] },
  empty: {},
};
async function functions() {
  const list = await get("/functions");
  const panel = h("div", { id: "function-panel", class: "card" }, h("p", { class: "muted" }, "Select a function to see its configuration and test-invoke it."));
  view.replaceChildren(h("div", { class: "split" }, h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, ["function", "runtime", "timeout", "concurrency", "in use", "triggers"].map((t) => h("th", {}, t)))),
    h("tbody", {}, list.map((f) => h("tr", { class: "selectable", tabindex: 0, "data-function": f.name, onclick: () => openFunction(f.name, panel), onkeydown: (e) => { if (e.key === "Enter") openFunction(f.name, panel); } },
      h("td", {}, f.name), h("td", {}, f.runtime), h("td", {}, `${f.timeoutSeconds} s`), h("td", {}, f.concurrency), h("td", {}, f.slotsInUse),
      h("td", {}, [...f.triggers.map((t) => t.source), ...f.mappings.map((m) => m.eventSourceArn.split(":").pop())].join(", "))))))), panel));
  if (state.fn) openFunction(state.fn, panel);
}
async function openFunction(name, panel) {
  state.fn = name;
  const f = await get(`/functions/${enc(name)}`);
  const kind = h("select", { id: "sample-kind", "aria-label": "sample event" }, Object.keys(samples).map((k) => h("option", { value: k }, `${k} sample`)));
  const payload = h("textarea", { id: "invoke-payload", "aria-label": "event" });
  const result = h("div", { id: "invoke-result" });
  payload.value = JSON.stringify(samples.s3, null, 2);
  kind.addEventListener("change", () => { payload.value = JSON.stringify(samples[kind.value], null, 2); });
  const env = Object.entries(f.environment).map(([k, v]) => {
    const value = h("code", {}, v);
    return h("tr", {}, h("td", {}, k), h("td", {}, value), h("td", {}, h("button", { onclick: act(async (e) => { const full = await get(`/functions/${enc(name)}?reveal=${enc(k)}`); value.textContent = full.environment[k]; e.target.remove(); }) }, "show")));
  });
  panel.replaceChildren(h("h2", {}, f.name),
    h("table", {}, [["runtime", f.runtime], ["handler", f.handler ?? "—"], ["code", f.code ?? "—"], ["isolation", f.isolation], ["timeout", `${f.timeoutSeconds} s`], ["memory", `${f.memory} MB`], ["concurrency", `${f.slotsInUse} of ${f.concurrency} in use`]]
      .map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v)))),
    h("h3", {}, "Environment"), env.length ? h("table", {}, env) : h("p", { class: "muted" }, "none"),
    h("h3", {}, "Last errors"), f.lastErrors.length ? h("table", {}, f.lastErrors.map((e) => h("tr", {}, h("td", {}, time(e.startedAt)), h("td", {}, e.trigger), h("td", { class: e.outcome }, e.error || e.outcome)))) : h("p", { class: "muted" }, "none"),
    h("h3", {}, "Test invoke"), h("div", { class: "toolbar" }, kind), payload,
    h("div", { class: "toolbar" }, h("button", { class: "primary", id: "invoke", onclick: act(async () => {
      const r = await post(`/functions/${enc(name)}/invoke`, payload.value, "application/json");
      result.replaceChildren(h("p", {}, h("span", { class: r.outcome }, r.outcome), ` in ${ms(r.durationMs)} ms`, r.errorType ? ` · ${r.errorType}: ${r.errorMessage}` : ""),
        h("h3", {}, "Response"), h("pre", {}, pretty(r.response)), h("h3", {}, "Logs"), h("pre", {}, r.logs || "—"));
    }) }, "Invoke")), result);
}

// ---- http: APIs and function URLs ----
function lastRequests(list) {
  return list.length ? h("table", { class: "requests" }, h("thead", {}, h("tr", {}, ["time", "request", "status", "duration"].map((t) => h("th", {}, t)))),
    h("tbody", {}, list.map((r) => h("tr", {}, h("td", { class: "muted" }, time(r.at)), h("td", {}, h("code", {}, `${r.method} ${r.path}`)),
      h("td", { class: r.status < 400 ? "Succeeded" : "Failed" }, r.status), h("td", {}, `${ms(r.durationMs)} ms`)))))
    : h("p", { class: "muted" }, "no requests yet");
}
async function http() {
  const { apis, functionUrls } = await get("/http");
  const card = (title, detail, body) => h("section", { class: "card" }, h("h2", {}, title), detail, ...body);
  view.replaceChildren(h("div", { class: "scroll" },
    ...apis.map((a) => card(`${a.name} · ${a.kind} API ${a.id}`,
      h("p", {}, h("a", { href: a.url }, a.url), h("span", { class: "muted" }, ` or ${a.pathUrl}<stage>/…`), a.declared ? h("span", { class: "muted" }, " · platform.yaml") : null,
        h("span", { class: "muted" }, ` · stages: ${a.stages.join(", ") || "none"}`)),
      [h("table", { class: "routes" }, h("tbody", {}, a.routes.map((r) => h("tr", {}, h("td", {}, h("code", {}, r.route)), h("td", {}, r.function ?? "—"))))),
        h("h3", {}, "Last requests"), lastRequests(a.lastRequests)])),
    ...functionUrls.map((u) => card(`${u.function}${u.qualifier ? ":" + u.qualifier : ""} · function URL`,
      h("p", {}, h("a", { href: u.url }, u.url), h("span", { class: "muted" }, ` or ${u.pathUrl} · auth ${u.authType}`)),
      [h("h3", {}, "Last requests"), lastRequests(u.lastRequests)])),
    apis.length || functionUrls.length ? null : h("p", { class: "muted" }, "No HTTP APIs or function URLs. aws apigatewayv2 create-api or aws lambda create-function-url-config makes one; so does an http: trigger in platform.yaml.")));
  state.refresh = http;
}

// ---- reset ----
document.getElementById("reset").addEventListener("click", () => {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-text").textContent = "Put the platform back to its configuration? Every message, object and the invocation history are deleted, and so are the queues, buckets, streams, tables, topics, rules and mappings made since it started; declared tables come back empty. Functions stay.";
  dialog.returnValue = "";
  dialog.onclose = act(async () => { if (dialog.returnValue === "ok") { await post("/reset"); toast("Reset done."); state.invocations = []; await render(); } });
  dialog.showModal();
});

// ---- live updates ----
function connect() {
  const live = document.getElementById("live");
  const source = new EventSource(`${api}/events`);
  source.onopen = () => { live.textContent = "live"; live.classList.add("on"); };
  source.onerror = () => { live.textContent = "reconnecting…"; live.classList.remove("on"); };
  source.addEventListener("invocations", (e) => onLiveInvocations(JSON.parse(e.data)));
  source.addEventListener("tick", () => { if (state.refresh && !document.hidden && !document.activeElement?.matches("textarea, input, select")) state.refresh().catch(() => {}); });
}

show(tabs.some((b) => b.dataset.view === location.hash.slice(1)) ? location.hash.slice(1) : "topology");
connect();
