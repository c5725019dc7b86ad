// Drives the official SignalR JavaScript client (@microsoft/signalr) against a running
// `evtop sim`. Usage: SIM_URL=http://127.0.0.1:PORT node interop.mjs
// Prints one "CHECK <name> <json>" line per finding and "DONE" at the end; exits 1 on error.
import * as signalR from "@microsoft/signalr";

const base = (process.env.SIM_URL || "http://127.0.0.1:8089").replace(/\/$/, "");
const user = process.env.SIM_USER || "supervisor@example.com";
const secret = process.env.SIM_SECRET || "demo-secret";
const auth = "Basic " + Buffer.from(`${user}:${secret}`).toString("base64");
const headers = { Authorization: auth, Accept: "application/json", "X-Json-Serializer": "2" };

const check = (name, value) => console.log(`CHECK ${name} ${JSON.stringify(value)}`);
const withTimeout = (p, ms, what) =>
  Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout: ${what}`)), ms))]);

async function getJson(url, opts = {}) {
  const r = await fetch(url, { headers, ...opts });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

async function main() {
  const discovery = await getJson(`${base}/api/user/?user=${encodeURIComponent(user)}`);
  const api = discovery[0].apiEndpoint.replace(/\/$/, "");
  check("discovery", api);
  const queues = await getJson(`${api}/queues`);
  const users = await getJson(`${api}/users`);
  const queueId = queues[0].Id;
  const agent = users.find((u) => u.Email !== user);
  const rte = await getJson(`${api}/token/me/rte/`);
  check("token", { endpoint: rte.WSSEndpoint, jwtParts: rte.Token.split(".").length });

  const received = [];
  let resolveBoth;
  const both = new Promise((r) => (resolveBoth = r));
  // The platform writes WSSEndpoint with a ws(s):// scheme (or none); the official client
  // in Node only accepts http(s):// base URLs ("Cannot resolve 'ws://…'") and switches to
  // ws(s):// itself for the WebSocket, so map the scheme first.
  const hubUrl = rte.WSSEndpoint.replace(/^ws(s?):\/\//i, "http$1://").replace(/^(?!https?:\/\/)/i, "http://");
  check("hub_url", hubUrl);
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hubUrl, { accessTokenFactory: () => rte.Token })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("MessageReceived", (message) => {
    received.push(message);
    const kinds = new Set(received.map((m) => m.data && m.data.eventType));
    if (kinds.has("QueueStatus") && kinds.has("UserStatus")) resolveBoth();
  });
  await withTimeout(connection.start(), 10000, "start");
  check("connected", { state: connection.state, connectionId: connection.connectionId });

  const results = await connection.invoke("Subscribe", [
    { EntityId: queueId, EventName: "QueueStatus" },
    { EntityId: agent.Id, EventName: "UserStatus" },
    { EntityId: "not-a-guid", EventName: "QueueStatus" },
    { EntityId: queueId, EventName: "NoSuchEvent" },
  ]);
  check("subscribe", results);

  // Make sure both subscribed entities change now (admin API, loopback only).
  const control = (body) =>
    fetch(`${base}/_sim/control`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  await control({ call_queue_id: queueId });
  await control({ availability: { user_id: agent.Id, availability: "BRB", note: "interop" } });
  await withTimeout(both, 10000, "QueueStatus and UserStatus");
  const q = received.find((m) => m.data.eventType === "QueueStatus");
  const u = received.find((m) => m.data.eventType === "UserStatus");
  check("queuestatus", { subscription: q.subscription, data: q.data });
  check("userstatus", { subscription: u.subscription, data: u.data });

  const active = await connection.invoke("ActiveSubscriptions");
  check("active", active.length);
  const available = await connection.invoke("AvailableSubscriptions");
  check("available", available.length);

  try {
    await connection.invoke("NoSuchMethod", 1);
    check("unknown_method", { rejected: false });
  } catch (e) {
    check("unknown_method", { rejected: true, message: String(e.message || e) });
  }
  const unsub = await connection.invoke("UnsubscribeAll");
  check("unsubscribe_all", unsub);
  await connection.stop();
  check("stopped", connection.state);
  console.log("DONE");
  // Pooled HTTP keep-alive sockets would hold Node open for seconds: exit now.
  process.exit(0);
}

main().catch((e) => {
  console.error(`FAIL ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
