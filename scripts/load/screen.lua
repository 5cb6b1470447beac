-- wrk script for scripts/load.sh: cycles through the web screen's read
-- routes and validate, with the session cookie and, for the POST, the CSRF
-- token. Counts every answer that is not 2xx (wrk itself counts only >= 400).
-- Environment: LOAD_COOKIE (name=value), LOAD_CSRF, LOAD_CREDENTIAL (an id),
-- LOAD_VALIDATE_EVERY (one validate per N requests; 0 = none).
local cookie = os.getenv("LOAD_COOKIE")
local csrf = os.getenv("LOAD_CSRF")
local id = os.getenv("LOAD_CREDENTIAL")
local validate_every = tonumber(os.getenv("LOAD_VALIDATE_EVERY") or "8")

local reads = {
  "/", "/app.js", "/app.css", "/api/screen", "/api/screen?direction=source",
  "/api/credentials/" .. id .. "/streams", "/api/credentials/" .. id .. "/fetch",
}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local n = 0
non2xx = 0
validates = 0
function request()
  n = n + 1
  local headers = {["Cookie"] = cookie}
  if validate_every > 0 and n % validate_every == 0 then
    validates = validates + 1
    headers["X-CSRF-Token"] = csrf
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/credentials/" .. id .. "/validate", headers, "{}")
  end
  return wrk.format("GET", reads[(n % #reads) + 1], headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then io.stderr:write("load: status " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end

function done(summary, latency, requests)
  local bad, posts = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    posts = posts + t:get("validates")
  end
  local e = summary.errors
  io.write(string.format(
    "LOAD requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "non2xx=%d validates=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, bad, posts, e.connect, e.read, e.write, e.timeout))
end
