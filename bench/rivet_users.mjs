// Zoom's Node SDK (@zoom/rivet) listing every user of the simulator's account
// with next_page_token, the way its endpoints are called: one listUsers call
// per page, page_size 300, for each status. Rivet's OAuth host is fixed
// (https://zoom.us), so its token store is pre-seeded with a token this
// script asks the simulator for; its API base URL is the `baseUrl` option,
// which the client passes on to its endpoints.
//   node bench/rivet_users.mjs BASE_URL   prints one JSON line
// Rivet does not retry: a 429 throws ApiResponseError, which ends the listing
// ("finished": false), as it ends a program written as its README shows.
import { UsersS2SAuthClient } from "@zoom/rivet/users";

const base = process.argv[2];
if (!base) {
  console.error("usage: node rivet_users.mjs BASE_URL");
  process.exit(2);
}

const basic = Buffer.from("sim-client-id:sim-client-secret").toString("base64");
const answer = await fetch(`${base}/oauth/token`, {
  method: "POST",
  headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
  body: "grant_type=account_credentials&account_id=sim-account-id"
});
const raw = await answer.json();
const seeded = {
  accessToken: raw.access_token,
  expirationTimeIso: new Date(Date.now() + raw.expires_in * 1000).toISOString(),
  scopes: raw.scope.split(" ")
};
let stored = seeded;
const tokenStore = {
  getLatestToken: () => stored,
  storeToken: (token) => {
    stored = token;
  }
};

const client = new UsersS2SAuthClient({
  clientId: "sim-client-id",
  clientSecret: "sim-client-secret",
  accountId: "sim-account-id",
  tokenStore,
  baseUrl: `${base}/v2`,
  disableReceiver: true
});

const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
let records = 0;
let pages = 0;
let finished = true;
let error = "";
try {
  for (const status of ["active", "inactive", "pending"]) {
    let nextPageToken = "";
    do {
      const query = { status, page_size: 300 };
      if (nextPageToken) query.next_page_token = nextPageToken;
      const { data } = await client.endpoints.users.listUsers({ query });
      records += data.users?.length ?? 0;
      pages += 1;
      nextPageToken = data.next_page_token ?? "";
    } while (nextPageToken);
  }
} catch (e) {
  finished = false;
  error = String(e?.message ?? e).slice(0, 200);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    records,
    pages,
    seconds,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    peak_rss_kib: process.resourceUsage().maxRSS,
    finished,
    error
  })
);
process.exit(finished ? 0 : 1);
