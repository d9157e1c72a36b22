import FuretProtocol
import Testing

struct SocketLocationTests {
    @Test(arguments: [
        (["FURET_SOCKET": "/srv/furet.sock", "XDG_RUNTIME_DIR": "/run/user/1000"], "/srv/furet.sock"),
        (["XDG_RUNTIME_DIR": "/run/user/1000"], "/run/user/1000/furet/furet.sock"),
        (["FURET_SOCKET": "", "XDG_RUNTIME_DIR": "/run/user/1000"], "/run/user/1000/furet/furet.sock"),
        (["XDG_RUNTIME_DIR": ""], "/tmp/furet-1000/furet.sock"),
        ([:], "/tmp/furet-1000/furet.sock"),
    ])
    func defaultPath(environment: [String: String], expected: String) {
        #expect(SocketLocation.defaultPath(environment: environment, userID: 1000) == expected)
    }
}
