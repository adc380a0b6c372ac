-- wrk script: GET one path per request, rotating through a file of ids.
--   wrk -t2 -c64 -d10s -s bench/get.lua URL -- IDS_FILE PREFIX
-- Each request is PREFIX .. id (e.g. "/api/v1/households/" .. id).  The nginx
-- reference runs the same script with PREFIX "/household.json?id=", so the
-- client does the same work against both servers.
local ids, n, i = {}, 0, 0
local prefix

function setup(thread)
	thread_count = (thread_count or 0) + 1
	thread:set("tid", thread_count)
end

function init(args)
	local f = assert(io.open(args[1], "r"))
	for line in f:lines() do
		if line ~= "" then
			n = n + 1
			ids[n] = line
		end
	end
	f:close()
	assert(n > 0, "no ids in " .. args[1])
	prefix = args[2] or "/api/v1/households/"
	i = ((tid or 1) * 7919) % n -- threads start at different places
end

function request()
	i = i % n + 1
	return wrk.format("GET", prefix .. ids[i])
end
