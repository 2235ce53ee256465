import ConductorMCPCore
import Foundation
import Testing

@Suite("Secret masking")
struct SecretMaskTests {
    @Test("a secret is masked as written, percent-encoded, base64, in any case and by its parts between slashes")
    func forms() {
        let mask = SecretMask(["Sup3r/SecretValue9"])
        let base64 = Data("Sup3r/SecretValue9".utf8).base64EncodedString()
        for text in [
            "x Sup3r/SecretValue9 y", "x Sup3r%2FSecretValue9 y", "x \(base64) y",
            "x \(base64.replacingOccurrences(of: "=", with: "")) y", "x SUP3R/SECRETVALUE9 y",
            "the directory /tmp/a-Sup3r does not exist", "SecretValue9 is the rest",
        ] {
            let masked = mask.masking(text)
            #expect(!masked.lowercased().contains("secretvalue9") && !masked.contains("Sup3r"), "\(masked)")
            #expect(masked.contains("***"), "\(text)")
        }
    }

    @Test("overlapping values leave no piece behind; one pass over bytes, non-ASCII values and hex and JSON forms too")
    func overlapsAndForms() {
        // "xabc" starts first, but "abcdef" is masked whole: every byte of any occurrence is covered.
        #expect(SecretMask(["xabc", "abcdef"]).masking("..xabcdef..") == "..***..")
        #expect(SecretMask(["pässwörd-1"]).masking("got pässwörd-1!") == "got ***!")
        #expect(SecretMask(["pässwörd-1"]).masking("got PÄSSWÖRD-1!") == "got ***!")
        let hex = Data("s3cret-value".utf8).map { String(format: "%02X", $0) }.joined()
        #expect(SecretMask(["s3cret-value"]).masking("hex \(hex) end") == "hex *** end")
        #expect(SecretMask(["a\"b\\c-12"]).masking(#"{"m": "a\"b\\c-12"}"#) == #"{"m": "***"}"#)
        // A short value matches exactly: "Ab" is another word.
        #expect(SecretMask(["ab"]).masking("Ab ab") == "Ab ***")
        // Inside a longer base64 text, at each of the three alignments.
        for prefix in ["", "u:", "us:", "use:"] {
            let encoded = Data((prefix + "s3cret-value-42!").utf8).base64EncodedString()
            let masked = SecretMask(["s3cret-value-42!"]).masking("Basic \(encoded)")
            // What stays visible is the prefix's own characters and at most a few around the edges.
            let parts = masked.components(separatedBy: "***")
            #expect(parts.count == 2, "\(prefix): \(masked)")
            #expect(parts.first.map { $0.count <= "Basic ".count + prefix.count * 4 / 3 + 3 } == true, "\(masked)")
            #expect(parts.last.map { $0.count <= 4 } == true, "\(masked)")
        }
        let big = String(repeating: "filler text ", count: 100_000) + "TOKEN-123456"
        #expect(SecretMask(["token-123456"]).masking(big).hasSuffix("***"))
    }

    @Test("a short value is masked only where it stands alone")
    func shortValues() {
        #expect(SecretMask(["e"]).masking("role nosuchrole is not defined; e") == "role nosuchrole is not defined; ***")
        #expect(SecretMask(["ab"]).masking("ab, abc, (ab)") == "***, abc, (***)")
    }

    @Test("a mistyped URL given as a file path is shown masked")
    func filePathsThatAreURLs() {
        #expect(SpecSource.shown("http:/u:PW_s8@127.0.0.1:1/") == "http:/***@127.0.0.1:1/")
        #expect(SpecSource.shown("ftp://u:PW@x/y") == "***@x/y")
        #expect(SpecSource.shown("specs/oss.json") == "specs/oss.json")
        let error = SpecLoadError.unreadableFile(path: "//u:PW_s15@127.0.0.1:1/", reason: "no such file")
        #expect(!(error.errorDescription ?? "").contains("PW_s15"))
    }
}
