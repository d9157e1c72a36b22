import FuretDocuments
import FuretIsolatedFormats
import Glibc

/// `furet-extract`: reads files in formats whose parsers are C libraries (PDF, …) on behalf
/// of `furetd`, so that a crash or an endless loop in a parser costs one file, not the daemon.
///
/// Fed over its standard input (a socket from `furetd`), one file after another: the
/// format's name and the file's bytes, in frames; replies with what the format extracted on
/// the same socket. It opens no file itself, writes nothing else, and runs with
/// `PR_SET_NO_NEW_PRIVS`, no core dumps, no writable file size, an address-space limit, a
/// CPU-time limit renewed for each file, and a system-call allow-list (``SystemCallFilter``).
/// Exits when `furetd` closes the socket.
///
/// Usage: `furet-extract [MEMORY-MiB] [CPU-SECONDS-PER-FILE]` (defaults 2048 and 60).
@main
enum FuretExtract {
    static let forbiddenCallArgument = "--test-forbidden-call"

    static func main() {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let memoryMiB = arguments.first ?? 2048
        let cpuSeconds = arguments.dropFirst().first ?? 60
        guard Sandbox.enter(memoryMiB: memoryMiB) else {
            perror("furet-extract: cannot set its limits")
            exit(2)
        }
        guard SystemCallFilter.load() else {
            perror("furet-extract: cannot load its system-call filter")
            exit(2)
        }
        // For the tests only (furetd never passes it, and no file's content reaches the
        // arguments): a call outside the filter, which must end the helper here.
        if CommandLine.arguments.contains(Self.forbiddenCallArgument) {
            _ = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        }
        var channel = HelperChannel(descriptor: 0)
        while let request = channel.readRequest() {
            Sandbox.allowCPU(seconds: cpuSeconds)
            let reply: ExtractionReply
            if let format = IsolatedFormats.format(named: request.format) {
                do {
                    reply = .extracted(try format.extract(request.bytes))
                } catch {
                    reply = .failed(error)
                }
            } else {
                reply = .failed(.unsupported("no format named \(request.format)"))
            }
            guard channel.write(reply) else { exit(1) }
        }
        exit(0)
    }
}
