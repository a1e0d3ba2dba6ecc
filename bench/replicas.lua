-- wrk script for bench/replicas.py: readers paging through results behind read replicas.
-- Run with as many connections as threads, so that each thread is one reader: it asks
-- for page 1 of a query, then pages 2 and 3 pinned to the generation page 1 named
-- (gen=, as the page's own links do). Counted: non-2xx answers; pinned pages answered
-- from another generation than the one asked for (mixed); pinned pages whose generation
-- was gone (gone); and a reader's first pages going back to a generation it had left
-- (back). args: the file of query strings, the number of threads.

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  queries = {}
  for line in io.lines(args[1]) do
    if #line > 0 then queries[#queries + 1] = line end
  end
  position = (id - 1) * math.floor(#queries / tonumber(args[2]))
  step, pinned, asked, last = 0, nil, nil, nil
  bad, mixed, gone, back, changes, pinned_pages = 0, 0, 0, 0, 0, 0
  seen = {}
end

function request()
  local q = queries[position % #queries + 1]
  if step == 0 or pinned == nil then
    step, asked = 0, nil
    return wrk.format("GET", "/api/search?" .. q)
  end
  asked = pinned
  return wrk.format("GET", "/api/search?" .. q .. "&page=" .. (step + 1) .. "&gen=" .. pinned)
end

function response(status, headers, body)
  if status < 200 or status >= 300 then bad = bad + 1 end
  local gen = headers["X-Telusur-Generation"]
  if asked == nil then
    if gen and last and gen ~= last then
      changes = changes + 1
      if seen[gen] then back = back + 1 end
      seen[last] = true
    end
    last = gen or last
    pinned, step = gen, 1
    return
  end
  pinned_pages = pinned_pages + 1
  if headers["X-Telusur-Generation-Unavailable"] then
    gone = gone + 1
  elseif gen ~= asked then
    mixed = mixed + 1
  end
  step = step + 1
  if step > 2 then
    step = 0
    position = position + 1
  end
end

function done(summary, latency, requests)
  local totals = {bad = 0, mixed = 0, gone = 0, back = 0, changes = 0, pinned_pages = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format(
    "JSON {\"requests\": %d, \"seconds\": %.3f, \"p50_ms\": %.2f, \"p90_ms\": %.2f, " ..
    "\"p99_ms\": %.2f, \"max_ms\": %.2f, \"non2xx\": %d, \"connect_errors\": %d, " ..
    "\"read_errors\": %d, \"write_errors\": %d, \"timeouts\": %d, \"pinned_pages\": %d, " ..
    "\"mixed\": %d, \"gone\": %d, \"back\": %d, \"generation_changes\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    totals.bad, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, totals.pinned_pages, totals.mixed, totals.gone, totals.back,
    totals.changes))
end
