// Socket.IO 4 peer for the fan-out benchmark: every "pub" event is broadcast to all other sockets as "m".
// Install outside the repository (see bench/peers/README.md): NODE_PATH=/tmp/bench-peers/node_modules node socketio-server.js 8093
const http = require("http");
const { Server } = require("socket.io");
const port = Number(process.argv[2] || 8093);
const httpServer = http.createServer();
const io = new Server(httpServer, { transports: ["websocket"], perMessageDeflate: false, httpCompression: false,
  pingInterval: 25000, pingTimeout: 60000 });
io.on("connection", (socket) => socket.on("pub", (data) => socket.broadcast.emit("m", data)));
httpServer.listen(port, "127.0.0.1", () => console.log("socket.io on 127.0.0.1:" + port));
