import ConductorMCPCore
import Testing

@Suite("JSON objects")
struct JSONObjectTests {
    @Test("setting members keeps their order whether or not the object is large enough to be indexed")
    func setAndRemove() {
        for size in [3, 40] {
            var object = JSONObject()
            for number in 0..<size { object["k\(number)"] = .int(number) }
            object["k1"] = "changed"
            object["k0"] = nil
            object["new"] = true
            #expect(object.count == size)
            #expect(object.keys.first == "k1")
            #expect(object.keys.last == "new")
            #expect(object["k1"] == "changed")
            #expect(object["k0"] == nil)
            #expect(object["k2"] == .int(2))
        }
    }

    @Test("a value's member setter changes objects and leaves other values alone")
    func valueSubscript() {
        var value: JSONValue = ["a": 1]
        value["b"] = [true]
        value["a"] = nil
        #expect(value == ["b": [true]])
        var text: JSONValue = "text"
        text["a"] = 1
        #expect(text == "text")
        #expect(JSONValue.null.isNull && !JSONValue.int(0).isNull)
    }

    @Test("building from a dictionary sorts the keys; mapValues keeps them")
    func building() {
        let object = JSONObject(sortingKeysOf: ["b": 2, "a": 1, "c": 3])
        #expect(object.keys == ["a", "b", "c"])
        #expect(object.mapValues { .int(($0.intValue ?? 0) * 10) } == ["a": 10, "b": 20, "c": 30])
    }

    @Test("building a large object member by member stays fast")
    func linearBuilding() {
        var value: JSONValue = [:]
        for number in 0..<50_000 { value["member\(number)"] = .int(number) }
        #expect(value.objectValue?.count == 50_000)
        #expect(value["member49999"] == .int(49_999))
    }
}
