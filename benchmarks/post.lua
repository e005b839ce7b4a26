-- wrk: POST the body in $BODY and print one machine-readable line at the end. CONTENT_TYPE
-- (default application/json) and, for the binary tensor extension, HEADER_LENGTH set the headers;
-- DELAY_MS waits that long between a connection's answer and its next request.
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
if os.getenv("HEADER_LENGTH") then
  wrk.headers["Inference-Header-Content-Length"] = os.getenv("HEADER_LENGTH")
end
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = file:read("*a")
file:close()

if os.getenv("DELAY_MS") then
  local wait = tonumber(os.getenv("DELAY_MS"))
  delay = function() return wait end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d failed=%d seconds=%.2f rps=%.1f p50=%.2f p99=%.2f\n",
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
