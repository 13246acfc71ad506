-- wrk script for scripts/bench/rank.sh: POST /rank cycling through pre-built request bodies
-- (one JSON object per line of the file given after `--`), and one machine-readable summary line.
local requests = {}
local next_index = 1

function init(args)
  local path = args[1] or error("usage: wrk ... -s rank.lua URL -- BODIES.jsonl")
  local headers = { ["Content-Type"] = "application/json" }
  for line in io.lines(path) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("POST", "/rank", headers, line)
    end
  end
  if #requests == 0 then error(path .. " holds no request bodies") end
  -- Each wrk thread starts at a different body, so threads don't send the same sequence.
  next_index = (math.random(#requests))
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%.1f errors=%d status_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.connect + e.read + e.write + e.timeout, e.status))
end
