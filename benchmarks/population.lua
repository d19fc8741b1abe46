-- wrk script of benchmarks/load's gateway-population scenarios (issue 18, target 1): each request carries the
-- access token of one of N distinct users, drawn Zipf-like (rank k with weight 1/k^s: a few very active users, a
-- long tail the gateway has not seen lately), and a share of the requests are writes.
--
--   wrk ... -s benchmarks/population.lua URL -- TOKENS_FILE [WRITE_PERCENT] [ZIPF_S] [READ_PATH] [WRITE_PATH]
--
-- TOKENS_FILE: one access token per line (auth-service's benchmark profile, GET /benchmark/tokens?count=N); the
-- line number is the user's rank. WRITE_PERCENT (default 10): that share starts a thread (POST WRITE_PATH, default
-- /api/forum/threads, an authenticated route); the rest read (GET READ_PATH, default /api/forum/threads). A
-- READ_PATH with a comma ("/api/forum/threads,/api/notifications") spreads the reads over those paths in turn.
-- ZIPF_S (default 1.0): the exponent. Each wrk thread loads the tokens and the cumulative table in its init and
-- gets its own random seed, so threads do not replay the same sequence.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  table.insert(threads, thread)
end

local tokens, cumulative, n
local write_share, read_paths, write_path
local reads = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read the tokens file " .. tostring(args[1]))
  tokens = {}
  for line in file:lines() do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  file:close()
  n = #tokens
  assert(n > 0, "no tokens in " .. args[1])
  write_share = tonumber(args[2] or "10") / 100
  local s = tonumber(args[3] or "1.0")
  read_paths = {}
  for path in string.gmatch(args[4] or "/api/forum/threads", "[^,]+") do read_paths[#read_paths + 1] = path end
  write_path = args[5] or "/api/forum/threads"
  -- Cumulative weights, normalised to 1: rank k is chosen when the uniform draw falls in (c[k-1], c[k]].
  cumulative = {}
  local total = 0
  for k = 1, n do
    total = total + 1 / (k ^ s)
    cumulative[k] = total
  end
  for k = 1, n do cumulative[k] = cumulative[k] / total end
  math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919 + math.floor(os.clock() * 1e6))
end

local function rank()
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. tokens[rank()] }
  if math.random() < write_share then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", write_path, headers, '{"title":"Population write","body":"Written by wrk."}')
  end
  reads = reads + 1
  return wrk.format("GET", read_paths[(reads % #read_paths) + 1], headers)
end
