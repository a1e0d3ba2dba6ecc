-- wrk script for bench/http.py: each thread sends the paths of a file in order from
-- its own share of it (args: the file, the number of threads); non-2xx responses are
-- counted, and each thread's first and last position reported, so the benchmark knows
-- exactly which requests were sent.

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  first = (id - 1) * math.floor(#paths / tonumber(args[2]))
  sent = 0
  bad = 0
end

function request()
  local path = paths[(first + sent) % #paths + 1]
  sent = sent + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status < 200 or status >= 300 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local non2xx = 0
  local windows = {}
  for _, thread in ipairs(threads) do
    non2xx = non2xx + thread:get("bad")
    windows[#windows + 1] = string.format("[%d, %d]", thread:get("first"), thread:get("sent"))
  end
  io.write(string.format(
    "JSON {\"requests\": %d, \"seconds\": %.3f, \"p50_ms\": %.2f, \"p90_ms\": %.2f, " ..
    "\"p99_ms\": %.2f, \"max_ms\": %.2f, \"non2xx\": %d, \"connect_errors\": %d, " ..
    "\"read_errors\": %d, \"write_errors\": %d, \"timeouts\": %d, \"windows\": [%s]}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, non2xx,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    table.concat(windows, ", ")))
end
