import ConductorMCPCore
import Foundation

/// Prints the core's `JSONParser` beside Foundation's `JSONSerialization` and `JSONDecoder` on the same bytes, so the
/// README's figures for the parser come from one run that measures all three.
///
/// Foundation's parsers lose member order (a dictionary), which is why the core cannot use them for documents and
/// answers; the comparison says what the ordered, strict parser costs or saves against them.
func compareJSONParsers(_ documents: [(name: String, bytes: [UInt8])]) {
    struct AnyJSON: Decodable {
        init(from decoder: any Decoder) throws {
            if var array = try? decoder.unkeyedContainer() {
                while !array.isAtEnd { _ = try array.decode(AnyJSON.self) }
            } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
                for key in object.allKeys { _ = try object.decode(AnyJSON.self, forKey: key) }
            } else {
                let value = try decoder.singleValueContainer()
                if value.decodeNil() { return }
                if (try? value.decode(Bool.self)) != nil { return }
                if (try? value.decode(Double.self)) != nil { return }
                _ = try value.decode(String.self)
            }
        }
    }
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    for (name, bytes) in documents {
        let data = Data(bytes)
        var sink = 0
        let ours = measure(20) { sink &+= (try? JSONParser.parse(bytes))?.isContainer == true ? 1 : 0 }
        let serialization = measure(20) {
            sink &+= (try? JSONSerialization.jsonObject(with: data)) == nil ? 0 : 1
        }
        let decoder = measure(20) { sink &+= (try? JSONDecoder().decode(AnyJSON.self, from: data)) == nil ? 0 : 1 }
        print(
            String(
                format: "json     %-8@ %7d bytes  JSONParser (ordered, strict) %6.0f µs  JSONSerialization %6.0f µs  "
                    + "JSONDecoder %6.0f µs  (%d)",
                name, bytes.count, ours, serialization, decoder, sink))
    }
}
