-- wrk script for bench/run.py: optional method and body from the environment, per-class status
-- counts from every thread, and one JSON line with the summary at the end.
--
--   BENCH_METHOD=POST BENCH_BODY='title=Bench&content=x' wrk -s bench/wrk/report.lua ... URL
--
-- With BENCH_PATHS (paths separated by spaces) every thread GETs them in turn instead, each
-- starting at a different one: the mixed load run.
--
-- Headers (Cookie, X-CSRFToken, Accept-Encoding) come from wrk's -H options.

local method = os.getenv("BENCH_METHOD")
if method and method ~= "" then
  wrk.method = method
end
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
end

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
  table.insert(paths, path)
end

local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  counts = { 0, 0, 0, 0, 0 }
  next_index = offset
end

if #paths > 0 then
  function request()
    local path = paths[(next_index % #paths) + 1]
    next_index = next_index + 1
    return wrk.format("GET", path)
  end
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class >= 1 and class <= 5 then
    counts[class] = counts[class] + 1
  end
end

function done(summary, latency, requests)
  local total = { 0, 0, 0, 0, 0 }
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for i = 1, 5 do
      total[i] = total[i] + c[i]
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"duration_us": %d, "requests": %d, "bytes": %d, '
      .. '"status": {"1xx": %d, "2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, '
      .. '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d}}\n',
    summary.duration, summary.requests, summary.bytes,
    total[1], total[2], total[3], total[4], total[5],
    e.connect, e.read, e.write, e.timeout, e.status,
    latency.min, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
