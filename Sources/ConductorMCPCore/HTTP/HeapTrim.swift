#if canImport(Glibc)
    import Glibc
#endif

/// Hands freed heap memory back to the system after a large response body has been read and compressed.
///
/// glibc keeps freed memory in its arenas: without this, RSS stays near its peak (600 MB after one 10 MB answer was
/// measured) although nothing holds the memory any more. `malloc_trim` is not in Swift's Glibc module (malloc.h is
/// not part of it), so it is looked up once at run time; where it is missing (macOS, musl) this does nothing.
enum HeapTrim {
    /// Bodies at least this large (1 MiB) are followed by a trim; smaller ones leave little behind.
    static let threshold = 1 << 20

    private typealias Trim = @convention(c) (Int) -> Int32

    #if canImport(Glibc)
        private static let trim: Trim? = {
            guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: Trim.self)
        }()
    #endif

    /// Returns free heap pages to the system.
    static func afterLargeBody() {
        #if canImport(Glibc)
            _ = trim?(0)
        #endif
    }
}
