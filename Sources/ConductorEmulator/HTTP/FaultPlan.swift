/// The faults in force, switchable while the emulator runs (`PUT /emulator/faults`).
public actor FaultPlan {
    private var rules: [FaultRule]

    /// Starts with the rules given on the command line.
    public init(rules: [FaultRule] = []) {
        self.rules = rules
    }

    /// Replaces the rules in force.
    public func replace(with rules: [FaultRule]) {
        self.rules = rules
    }

    /// The rules in force.
    public func current() -> [FaultRule] {
        rules
    }

    /// The rules covering `path`.
    func rules(for path: String) -> [FaultRule] {
        rules.filter { $0.applies(to: path) }
    }
}
