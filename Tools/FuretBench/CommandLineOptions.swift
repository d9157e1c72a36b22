/// The options of one subcommand, parsed from `--name value` pairs and `--flag` switches.
///
/// The tool has few options and no dependencies beyond the engine, so it parses its own
/// command line instead of linking ArgumentParser.
///
/// ```swift
/// let options = try CommandLineOptions(["--runs", "3"], values: ["--runs"], flags: [])
/// let runs = try options.integer("--runs", default: 1)
/// ```
struct CommandLineOptions {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`, accepting only the option names in `values` (which take a value)
    /// and `flags` (which do not).
    ///
    /// - Throws: ``BenchError/usage(_:)`` for an unknown option, a missing value or a
    ///   stray argument.
    init(_ arguments: some Sequence<String>, values allowedValues: Set<String>, flags allowedFlags: Set<String>) throws(BenchError) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if allowedFlags.contains(argument) {
                flags.insert(argument)
            } else if allowedValues.contains(argument) {
                guard let value = iterator.next() else { throw .usage("\(argument) needs a value") }
                values[argument] = value
            } else {
                throw .usage("unknown argument \(argument)")
            }
        }
    }

    /// Whether the switch `name` was given.
    func isSet(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// The value of `name`, if given.
    func value(_ name: String) -> String? {
        values[name]
    }

    /// The value of `name`, which must be given.
    func required(_ name: String) throws(BenchError) -> String {
        guard let value = values[name] else { throw .usage("\(name) is required") }
        return value
    }

    /// The value of `name` as a whole number of at least `minimum`, or `defaultValue`.
    func integer(_ name: String, default defaultValue: Int, minimum: Int = 0) throws(BenchError) -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let number = Int(text), number >= minimum else {
            throw .usage("\(name) expects a whole number of at least \(minimum), not \(text)")
        }
        return number
    }

    /// The comma-separated items of `name`, or `nil` when not given.
    func list(_ name: String) -> [String]? {
        values[name].map { $0.split(separator: ",").map(String.init) }
    }

    /// The comma-separated items of `name`, which must be given.
    func requiredList(_ name: String) throws(BenchError) -> [String] {
        guard let items = list(name), !items.isEmpty else { throw .usage("\(name) is required") }
        return items
    }

    /// The comma-separated whole numbers of `name`, each at least `minimum`, or `defaultValue`.
    func integers(_ name: String, default defaultValue: [Int], minimum: Int = 0) throws(BenchError) -> [Int] {
        guard let items = list(name) else { return defaultValue }
        return try items.map { text throws(BenchError) in
            guard let number = Int(text), number >= minimum else {
                throw .usage("\(name) expects whole numbers of at least \(minimum), not \(text)")
            }
            return number
        }
    }
}
