-- wrk script for bench/load.py: each request is a random line of a file of paths
-- (wrk ... -s bench/load.lua URL -- PATHS_FILE SEED); responses counted by status class.

local threads = {}
local counter = 0

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
  math.randomseed(tonumber(args[2] or "1") * 1000 + id)
  s2xx, s3xx, s4xx, s5xx, sother = 0, 0, 0, 0, 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status < 400 then s3xx = s3xx + 1
  elseif status < 500 then s4xx = s4xx + 1
  elseif status < 600 then s5xx = s5xx + 1
  else sother = sother + 1 end
end

function done(summary, latency, requests)
  local statuses = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0, other = 0 }
  for _, thread in ipairs(threads) do
    statuses["2xx"] = statuses["2xx"] + thread:get("s2xx")
    statuses["3xx"] = statuses["3xx"] + thread:get("s3xx")
    statuses["4xx"] = statuses["4xx"] + thread:get("s4xx")
    statuses["5xx"] = statuses["5xx"] + thread:get("s5xx")
    statuses.other = statuses.other + thread:get("sother")
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD-JSON {"requests": %d, "seconds": %.3f, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d, "status": %d}, "statuses": {"2xx": %d, "3xx": %d, '
      .. '"4xx": %d, "5xx": %d, "other": %d}, "latency_ms": {"p50": %.2f, "p90": %.2f, '
      .. '"p99": %.2f, "max": %.2f, "mean": %.2f}}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.timeout, e.status,
    statuses["2xx"], statuses["3xx"], statuses["4xx"], statuses["5xx"], statuses.other,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
