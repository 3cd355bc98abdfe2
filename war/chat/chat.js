// A plain browser WebSocket to the ingress handler /ws/chat (docs/ROOMS.md). No library.
(() => {
  const $ = (id) => document.getElementById(id);
  const users = new Map(); // name -> how many of this room's sessions use it
  let socket = null;
  let me = null;

  $("user").value = "guest" + Math.floor(Math.random() * 1000);

  function line(html, cls) {
    const li = document.createElement("li");
    if (cls) li.className = cls;
    li.innerHTML = html;
    $("log").append(li);
    li.scrollIntoView();
  }

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");

  function showMembers(count) {
    $("members").replaceChildren(...[...users.keys()].sort().map((u) => {
      const li = document.createElement("li");
      li.textContent = u + (users.get(u) > 1 ? " ×" + users.get(u) : "");
      return li;
    }));
    $("count").textContent = count ?? [...users.values()].reduce((a, b) => a + b, 0);
  }

  function adjust(user, delta) {
    const n = (users.get(user) || 0) + delta;
    if (n > 0) users.set(user, n); else users.delete(user);
  }

  function connected(on) {
    $("text").disabled = $("send").querySelector("button").disabled = !on;
    $("status").textContent = on ? "connected" : "not connected";
  }

  $("join").addEventListener("submit", (e) => {
    e.preventDefault();
    if (socket) socket.close();
    users.clear();
    $("log").replaceChildren();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = new URLSearchParams({ room: $("room").value, user: $("user").value });
    const ws = new WebSocket(`${scheme}//${location.host}/ws/chat?${query}`);
    socket = ws;
    ws.onopen = () => connected(true);
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      connected(false);
      line(`disconnected (${ev.code}${ev.reason ? " " + esc(ev.reason) : ""})`, "system");
    };
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      switch (m.type) {
        case "welcome":
          me = m.user;
          m.users.forEach((u) => adjust(u, 1));
          showMembers();
          line(`you joined <b>${esc(m.room)}</b> as <b>${esc(m.user)}</b>`, "system");
          break;
        case "join":
          adjust(m.user, 1);
          showMembers(m.members);
          line(`${esc(m.user)} joined`, "system");
          break;
        case "leave":
          adjust(m.user, -1);
          showMembers(m.members);
          line(`${esc(m.user)} left`, "system");
          break;
        case "message":
          line(`<b>${esc(m.from)}</b>: ${esc(m.text)}`);
          break;
        case "error":
          line(`error: ${esc(m.message)}`, "system");
          break;
      }
    };
  });

  $("send").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("text").value;
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(text);
    line(`<b>${esc(me)}</b>: ${esc(text)}`, "mine"); // the handler broadcasts to the others only
    $("text").value = "";
  });
})();
