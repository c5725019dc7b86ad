// The two Node sides of benches/ingest.sh.
//
//   SIM_URL=http://127.0.0.1:PORT COUNT_FILE=F node ingest.mjs client
//       the official SignalR client (@microsoft/signalr), written as an integrator would:
//       subscribes QueueStatus of every queue and UserStatus of every user, counts
//       MessageReceived and prints READY once subscribed.
//   COUNT_FILE=F node ingest.mjs lines
//       counts the lines on stdin (what `evtop events` prints).
//   SIM_URL=… COUNT_FILE=F node ingest.mjs sink
//       a bare WebSocket (the `ws` package) that subscribes like `client` and counts
//       the MessageReceived records without parsing them: a reader cheap enough that
//       the simulator's firehose is what benches/firehose.sh measures.
//
// Both write their count to COUNT_FILE every 50 ms and once more when stdin ends or a
// SIGTERM arrives, so the bench reads a figure at most 50 ms old (and an exact one once
// the stream is drained).
import { writeFileSync, renameSync } from "node:fs";

const countFile = process.env.COUNT_FILE;
if (!countFile) {
  console.error("COUNT_FILE is not set");
  process.exit(2);
}
let count = 0;
const save = () => {
  writeFileSync(countFile + ".tmp", String(count));
  renameSync(countFile + ".tmp", countFile);
};
setInterval(save, 50);
process.on("SIGTERM", () => {
  save();
  process.exit(0);
});

const base = (process.env.SIM_URL || "http://127.0.0.1:8089").replace(/\/$/, "");

// The REST side both Node readers need: queues, users, the RTE token and hub URL.
async function tenant() {
  const user = process.env.SIM_USER || "supervisor@example.com";
  const secret = process.env.SIM_SECRET || "demo-secret";
  const headers = {
    Authorization: "Basic " + Buffer.from(`${user}:${secret}`).toString("base64"),
    Accept: "application/json",
  };
  const getJson = async (url) => {
    const r = await fetch(url, { headers });
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  };
  const queues = await getJson(`${base}/queues`);
  const users = await getJson(`${base}/users`);
  const rte = await getJson(`${base}/token/me/rte/`);
  const hubUrl = rte.WSSEndpoint.replace(/^ws(s?):\/\//i, "http$1://").replace(/^(?!https?:\/\/)/i, "http://");
  const items = [
    ...queues.map((q) => ({ EntityId: q.Id, EventName: "QueueStatus" })),
    ...users.map((u) => ({ EntityId: u.Id, EventName: "UserStatus" })),
  ];
  return { rte, hubUrl, items };
}

async function client() {
  const signalR = await import("@microsoft/signalr");
  const { rte, hubUrl, items } = await tenant();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hubUrl, { accessTokenFactory: () => rte.Token, skipNegotiation: false })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("MessageReceived", () => {
    count += 1;
  });
  await connection.start();
  for (let i = 0; i < items.length; i += 100) {
    await connection.invoke("Subscribe", items.slice(i, i + 100));
  }
  console.log(`READY ${items.length}`);
}

async function sink() {
  const { default: WebSocket } = await import("ws");
  const { rte, hubUrl, items } = await tenant();
  const auth = { Authorization: `Bearer ${rte.Token}` };
  const n = await fetch(`${hubUrl}/negotiate?negotiateVersion=1`, { method: "POST", headers: auth });
  if (!n.ok) throw new Error(`negotiate: HTTP ${n.status}`);
  const { connectionToken } = await n.json();
  const wsUrl = hubUrl.replace(/^http/i, "ws") + `?id=${encodeURIComponent(connectionToken)}`;
  const ws = new WebSocket(wsUrl, { headers: auth, maxPayload: 64 << 20 });
  const RS = "\x1e";
  let handshaken = false;
  let awaiting = 0;
  ws.on("open", () => {
    ws.send(JSON.stringify({ protocol: "json", version: 1 }) + RS);
  });
  ws.on("message", (data) => {
    if (!handshaken) {
      handshaken = true;
      for (let i = 0; i < items.length; i += 100) {
        awaiting += 1;
        const id = String(awaiting);
        const args = [items.slice(i, i + 100)];
        ws.send(JSON.stringify({ type: 1, invocationId: id, target: "Subscribe", arguments: args }) + RS);
      }
      return;
    }
    // Records of type 1 are MessageReceived here; completions (type 3, written with the
    // invocation id first) end the subscribing.
    const text = typeof data === "string" ? data : data.toString("utf8");
    let from = 0;
    let at = text.indexOf(RS);
    while (at !== -1) {
      if (text.startsWith('{"type":1,', from)) count += 1;
      else if (text.startsWith('{"invocationId"', from) || text.startsWith('{"type":3,', from)) {
        awaiting -= 1;
        if (awaiting === 0) console.log(`READY ${items.length}`);
      }
      from = at + 1;
      at = text.indexOf(RS, from);
    }
  });
  ws.on("close", () => {
    save();
    process.exit(0);
  });
  ws.on("error", (e) => {
    console.error(`FAIL ${e}`);
    process.exit(1);
  });
}

function lines() {
  process.stdin.on("data", (chunk) => {
    let at = chunk.indexOf(10);
    while (at !== -1) {
      count += 1;
      at = chunk.indexOf(10, at + 1);
    }
  });
  process.stdin.on("end", () => {
    save();
    process.exit(0);
  });
}

const mode = process.argv[2];
if (mode === "client") {
  client().catch((e) => {
    console.error(`FAIL ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
} else if (mode === "sink") {
  sink().catch((e) => {
    console.error(`FAIL ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
} else if (mode === "lines") {
  lines();
} else {
  console.error("usage: node ingest.mjs client|sink|lines");
  process.exit(2);
}
