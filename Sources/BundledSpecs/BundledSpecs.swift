/// OpenAPI documents compiled into the binaries, so the server runs with no `--spec` and the emulator can serve
/// `/api-docs` without any file beside it.
public enum BundledSpecs {
    /// The name shown for the default document in diagnostics and `check` output.
    public static let conductorOSSName = "bundled:conductor-oss-3.x-2025-08.json"
}
