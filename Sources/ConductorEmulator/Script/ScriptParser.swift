import ConductorMCPCore

/// A recursive-descent parser for the JavaScript subset the emulator evaluates.
///
/// Grammar: statements are `var|let|const x = e;`, `x = e;`, `if (e) s [else s]`, `{ ... }`, `return e;` and
/// expression statements; expressions have JavaScript's precedence for `?:`, `||`, `&&`, equality, relational,
/// additive, multiplicative and unary operators, member access (`.name`, `[e]`), calls, array and object literals
/// and `function () { ... }` (only called at once). Everything else is refused with `ScriptError.unsupported`.
struct ScriptParser {
    /// A parsed expression and the depth of its tree.
    private typealias Parsed = (node: ScriptNode, depth: Int)

    private var tokens: [ScriptToken]
    private var position = 0
    private var recursion = 0
    /// Parser recursion bound: deeper scripts are refused rather than risking the stack.
    static let maxRecursion = 48
    /// Tree depth bound: `1+1+…` chains build deep trees without recursion, and evaluating or releasing a deeper
    /// tree could exhaust a thread's stack.
    static let maxTreeDepth = 200

    /// Parses `source` into statements.
    static func parse(_ source: String) throws(ScriptError) -> [ScriptStatement] {
        var parser = ScriptParser(tokens: try ScriptToken.tokenize(source))
        var statements: [ScriptStatement] = []
        while parser.current.kind != .end {
            statements.append(try parser.statement().statement)
        }
        return statements
    }

    private init(tokens: [ScriptToken]) {
        self.tokens = tokens
    }

    private var current: ScriptToken { tokens[position] }

    private mutating func advance() -> ScriptToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isPunctuation(_ text: String) -> Bool { current.kind == .punctuation(text) }

    private func isKeyword(_ text: String) -> Bool { current.kind == .identifier(text) }

    private mutating func expect(_ text: String) throws(ScriptError) {
        guard isPunctuation(text) else {
            throw .syntax(message: "expected \(text)", offset: current.offset)
        }
        _ = advance()
    }

    private mutating func skipSemicolons() {
        while isPunctuation(";") { _ = advance() }
    }

    /// A node one level above `children`, refused past `maxTreeDepth`.
    private func node(_ node: ScriptNode, over children: Int...) throws(ScriptError) -> Parsed {
        let depth = (children.max() ?? 0) + 1
        guard depth <= Self.maxTreeDepth else {
            throw .runtime(message: "script nests deeper than \(Self.maxTreeDepth) levels")
        }
        return (node, depth)
    }

    private mutating func nested<T>(_ body: (inout ScriptParser) throws(ScriptError) -> T) throws(ScriptError) -> T {
        recursion += 1
        defer { recursion -= 1 }
        guard recursion <= Self.maxRecursion else {
            throw .runtime(message: "script nests deeper than \(Self.maxRecursion) levels")
        }
        return try body(&self)
    }

    private mutating func statement() throws(ScriptError) -> (statement: ScriptStatement, depth: Int) {
        try nested { (parser: inout ScriptParser) throws(ScriptError) -> (statement: ScriptStatement, depth: Int) in
            let token = parser.current
            if case .identifier(let word) = token.kind {
                switch word {
                case "var", "let", "const":
                    _ = parser.advance()
                    guard case .identifier(let name) = parser.advance().kind else {
                        throw .syntax(message: "expected a variable name", offset: token.offset)
                    }
                    var value: Parsed?
                    if parser.isPunctuation("=") {
                        _ = parser.advance()
                        value = try parser.expression()
                    }
                    if parser.isPunctuation(",") {
                        throw .unsupported(construct: "several declarations in one statement", offset: token.offset)
                    }
                    parser.skipSemicolons()
                    return (.declaration(name, value?.node), (value?.depth ?? 0) + 1)
                case "if":
                    _ = parser.advance()
                    try parser.expect("(")
                    let condition = try parser.expression()
                    try parser.expect(")")
                    let then = try parser.body()
                    var otherwise: (statements: [ScriptStatement], depth: Int)?
                    if parser.isKeyword("else") {
                        _ = parser.advance()
                        otherwise = try parser.body()
                    }
                    let depth = max(condition.depth, then.depth, otherwise?.depth ?? 0) + 1
                    return (.conditional(condition.node, then.statements, otherwise?.statements), depth)
                case "return":
                    _ = parser.advance()
                    if parser.isPunctuation(";") || parser.isPunctuation("}") || parser.current.kind == .end {
                        parser.skipSemicolons()
                        return (.returning(nil), 1)
                    }
                    let value = try parser.expression()
                    parser.skipSemicolons()
                    return (.returning(value.node), value.depth + 1)
                case "for", "while", "do", "switch", "try", "throw", "class", "new", "break", "continue", "delete",
                    "typeof", "instanceof", "in", "of", "async", "await", "yield":
                    throw .unsupported(construct: "`\(word)`", offset: token.offset)
                default:
                    break
                }
            }
            if parser.isPunctuation("{") {
                let block = try parser.body()
                return (.block(block.statements), block.depth + 1)
            }
            let value = try parser.expression()
            parser.skipSemicolons()
            return (.expression(value.node), value.depth + 1)
        }
    }

    /// A braced block or a single statement.
    private mutating func body() throws(ScriptError) -> (statements: [ScriptStatement], depth: Int) {
        guard isPunctuation("{") else {
            let single = try statement()
            return ([single.statement], single.depth)
        }
        _ = advance()
        var statements: [ScriptStatement] = []
        var depth = 0
        while !isPunctuation("}") {
            guard current.kind != .end else { throw .syntax(message: "missing }", offset: current.offset) }
            let parsed = try statement()
            statements.append(parsed.statement)
            depth = max(depth, parsed.depth)
        }
        _ = advance()
        skipSemicolons()
        return (statements, depth)
    }

    private mutating func expression() throws(ScriptError) -> Parsed {
        try nested { (parser: inout ScriptParser) throws(ScriptError) -> Parsed in
            let start = parser.current
            let target = try parser.conditional()
            if parser.isPunctuation("=") {
                guard case .identifier(let name, _) = target.node else {
                    throw .unsupported(construct: "assignment to a property", offset: start.offset)
                }
                _ = parser.advance()
                let value = try parser.expression()
                return try parser.node(.assignment(name, value.node), over: value.depth)
            }
            for symbol in ["+=", "-=", "++", "--", "=>"] where parser.isPunctuation(symbol) {
                throw .unsupported(construct: "`\(symbol)`", offset: parser.current.offset)
            }
            return target
        }
    }

    private mutating func conditional() throws(ScriptError) -> Parsed {
        let condition = try logical(isAnd: false)
        guard isPunctuation("?") else { return condition }
        _ = advance()
        let then = try expression()
        try expect(":")
        let otherwise = try expression()
        return try node(
            .conditional(condition.node, then.node, otherwise.node), over: condition.depth, then.depth,
            otherwise.depth)
    }

    private mutating func logical(isAnd: Bool) throws(ScriptError) -> Parsed {
        let symbol = isAnd ? "&&" : "||"
        var left = isAnd ? try binary(level: 0) : try logical(isAnd: true)
        while isPunctuation(symbol) {
            _ = advance()
            let right = isAnd ? try binary(level: 0) : try logical(isAnd: true)
            left = try node(.logical(isAnd: isAnd, left.node, right.node), over: left.depth, right.depth)
        }
        return left
    }

    private static let levels: [[String]] = [
        ["===", "!==", "==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"],
    ]

    private mutating func binary(level: Int) throws(ScriptError) -> Parsed {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level: level + 1)
        while case .punctuation(let symbol) = current.kind, Self.levels[level].contains(symbol) {
            _ = advance()
            let right = try binary(level: level + 1)
            left = try node(.binary(symbol, left.node, right.node), over: left.depth, right.depth)
        }
        return left
    }

    private mutating func unary() throws(ScriptError) -> Parsed {
        try nested { (parser: inout ScriptParser) throws(ScriptError) -> Parsed in
            if case .punctuation(let symbol) = parser.current.kind, ["!", "-", "+"].contains(symbol) {
                _ = parser.advance()
                let operand = try parser.unary()
                return try parser.node(.unary(symbol, operand.node), over: operand.depth)
            }
            if parser.isKeyword("typeof") {
                throw .unsupported(construct: "`typeof`", offset: parser.current.offset)
            }
            return try parser.postfix()
        }
    }

    private mutating func postfix() throws(ScriptError) -> Parsed {
        var parsed = try primary()
        while true {
            if isPunctuation(".") {
                _ = advance()
                guard case .identifier(let name) = advance().kind else {
                    throw .syntax(message: "expected a property name after .", offset: current.offset)
                }
                parsed = try node(.member(parsed.node, .literal(.string(name))), over: parsed.depth)
            } else if isPunctuation("[") {
                _ = advance()
                let key = try expression()
                try expect("]")
                parsed = try node(.member(parsed.node, key.node), over: parsed.depth, key.depth)
            } else if isPunctuation("(") {
                let offset = current.offset
                _ = advance()
                var arguments: [ScriptNode] = []
                var depth = parsed.depth
                while !isPunctuation(")") {
                    let argument = try expression()
                    arguments.append(argument.node)
                    depth = max(depth, argument.depth)
                    if isPunctuation(",") { _ = advance() } else { break }
                }
                try expect(")")
                parsed = try node(.call(parsed.node, arguments, offset: offset), over: depth)
            } else {
                return parsed
            }
        }
    }

    private mutating func primary() throws(ScriptError) -> Parsed {
        let token = advance()
        switch token.kind {
        case .number(let value, let isInteger):
            if isInteger, let integer = Int(exactly: value) { return (.literal(.int(integer)), 1) }
            return (.literal(.double(value)), 1)
        case .string(let text):
            return (.literal(.string(text)), 1)
        case .identifier(let name):
            switch name {
            case "true": return (.literal(.bool(true)), 1)
            case "false": return (.literal(.bool(false)), 1)
            case "null": return (.literal(.null), 1)
            case "undefined": return (.undefined, 1)
            case "function":
                if case .identifier = current.kind { _ = advance() }
                try expect("(")
                guard isPunctuation(")") else {
                    throw .unsupported(construct: "functions with parameters", offset: token.offset)
                }
                _ = advance()
                guard isPunctuation("{") else { throw .syntax(message: "expected {", offset: current.offset) }
                let body = try body()
                return try node(.function(body.statements), over: body.depth)
            case "new", "typeof", "this", "class", "void", "delete":
                throw .unsupported(construct: "`\(name)`", offset: token.offset)
            default:
                return (.identifier(name, offset: token.offset), 1)
            }
        case .punctuation("("):
            let inner = try expression()
            if isPunctuation(",") { throw .unsupported(construct: "the comma operator", offset: current.offset) }
            try expect(")")
            return inner
        case .punctuation("["):
            var elements: [ScriptNode] = []
            var depth = 0
            while !isPunctuation("]") {
                let element = try expression()
                elements.append(element.node)
                depth = max(depth, element.depth)
                if isPunctuation(",") { _ = advance() } else { break }
            }
            try expect("]")
            return try node(.array(elements), over: depth)
        case .punctuation("{"):
            var members: [(String, ScriptNode)] = []
            var depth = 0
            while !isPunctuation("}") {
                let key: String
                switch advance().kind {
                case .identifier(let name): key = name
                case .string(let text): key = text
                default: throw .syntax(message: "expected a property name", offset: current.offset)
                }
                try expect(":")
                let value = try expression()
                members.append((key, value.node))
                depth = max(depth, value.depth)
                if isPunctuation(",") { _ = advance() } else { break }
            }
            try expect("}")
            return try node(.object(members), over: depth)
        case .end:
            throw .syntax(message: "unexpected end of script", offset: token.offset)
        case .punctuation(let symbol):
            throw .syntax(message: "unexpected \(symbol)", offset: token.offset)
        }
    }
}
