-- Strongroom's status page, served by HAProxy itself so that it stays up when every app
-- instance is down. `strongroom status probe` writes the files; they are read again on every
-- request, so a new version shows without a reload. Only these names are ever opened: nothing
-- from the request becomes part of a file name.

local directory = "{{ status_dir }}"

local html = { file = "index.html", type = "text/html; charset=utf-8" }
local json = { file = "status.json", type = "application/json" }
local pages = {
    ["/status"] = html,
    ["/status/"] = html,
    ["/status/index.html"] = html,
    ["/status.json"] = json,
    ["/status/status.json"] = json,
}

local function read(name)
    local file = io.open(directory .. "/" .. name, "rb")
    if file == nil then
        return nil
    end
    local body = file:read("a")
    file:close()
    return body
end

local function answer(applet, status, content_type, body)
    applet:set_status(status)
    applet:add_header("content-type", content_type)
    applet:add_header("content-length", tostring(#body))
    applet:add_header("cache-control", "no-cache")
    applet:add_header("x-content-type-options", "nosniff")
    applet:add_header("x-frame-options", "DENY")
    -- The page's inline style and script are allowed by its own policy, a meta element that
    -- names them by hash (platform/status/page.py) and refuses everything else; this header
    -- adds what only a header can say. A browser enforces both.
    applet:add_header("content-security-policy", "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'")
    applet:start_response()
    if applet.method ~= "HEAD" then
        applet:send(body)
    end
end

core.register_service("strongroom_status", "http", function(applet)
    local page = pages[applet.path]
    if page == nil then
        return answer(applet, 404, "text/plain; charset=utf-8", "Not found.\n")
    end
    if applet.method ~= "GET" and applet.method ~= "HEAD" then
        return answer(applet, 405, "text/plain; charset=utf-8", "Method not allowed.\n")
    end
    local body = read(page.file)
    if body == nil then
        return answer(applet, 503, "text/plain; charset=utf-8", "No status has been published yet.\n")
    end
    return answer(applet, 200, page.type, body)
end)
