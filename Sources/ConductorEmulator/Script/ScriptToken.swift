/// One lexical token of a script, with its character offset for error messages.
struct ScriptToken: Equatable, Sendable {
    /// What the token is.
    enum Kind: Equatable, Sendable {
        case number(Double, isInteger: Bool)
        case string(String)
        case identifier(String)
        case punctuation(String)
        case end
    }

    let kind: Kind
    let offset: Int

    /// Splits `source` into tokens; comments are skipped.
    static func tokenize(_ source: String) throws(ScriptError) -> [ScriptToken] {
        let scalars = Array(source.unicodeScalars)
        var tokens: [ScriptToken] = []
        var index = 0
        let punctuations = [
            "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "=>", "++", "--", "+=", "-=", "<", ">", "+", "-",
            "*", "/", "%", "!", "?", ":", "(", ")", "[", "]", "{", "}", ".", ",", ";", "=",
        ]
        func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "$" || scalar == "_" || scalar.properties.isAlphabetic
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "/" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                continue
            }
            if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                index += 2
                while index + 1 < scalars.count, !(scalars[index] == "*" && scalars[index + 1] == "/") { index += 1 }
                index += 2
                continue
            }
            let start = index
            if scalar.properties.numericType != nil && ("0"..."9").contains(scalar)
                || (scalar == "." && index + 1 < scalars.count && ("0"..."9").contains(scalars[index + 1]))
            {
                var text = ""
                var isInteger = true
                while index < scalars.count,
                    ("0"..."9").contains(scalars[index]) || scalars[index] == "."
                        || scalars[index] == "e" || scalars[index] == "E"
                {
                    if scalars[index] == "." || scalars[index] == "e" || scalars[index] == "E" { isInteger = false }
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard let value = Double(text) else {
                    throw .syntax(message: "malformed number \(text)", offset: start)
                }
                tokens.append(ScriptToken(kind: .number(value, isInteger: isInteger), offset: start))
                continue
            }
            if scalar == "\"" || scalar == "'" {
                var text = ""
                index += 1
                while index < scalars.count, scalars[index] != scalar {
                    if scalars[index] == "\\", index + 1 < scalars.count {
                        index += 1
                        switch scalars[index] {
                        case "n": text += "\n"
                        case "t": text += "\t"
                        case "r": text += "\r"
                        default: text.unicodeScalars.append(scalars[index])
                        }
                    } else {
                        text.unicodeScalars.append(scalars[index])
                    }
                    index += 1
                }
                guard index < scalars.count else { throw .syntax(message: "unterminated string", offset: start) }
                index += 1
                tokens.append(ScriptToken(kind: .string(text), offset: start))
                continue
            }
            if scalar == "`" { throw .unsupported(construct: "template literals", offset: start) }
            if isIdentifierStart(scalar) {
                var text = ""
                while index < scalars.count,
                    isIdentifierStart(scalars[index]) || ("0"..."9").contains(scalars[index])
                {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(ScriptToken(kind: .identifier(text), offset: start))
                continue
            }
            let rest = String(String.UnicodeScalarView(scalars[index..<min(scalars.count, index + 3)]))
            guard let match = punctuations.first(where: { rest.hasPrefix($0) }) else {
                throw .syntax(message: "unexpected character \(scalar)", offset: start)
            }
            tokens.append(ScriptToken(kind: .punctuation(match), offset: start))
            index += match.unicodeScalars.count
        }
        tokens.append(ScriptToken(kind: .end, offset: scalars.count))
        return tokens
    }
}
