import Foundation

/// Reads a regular file whole, within a size bound: what the OpenAPI document and the configuration file share.
enum RegularFile {
    /// Why a file could not be read: `reason` is a phrase for a message ("it is a directory").
    struct Problem: Error {
        let reason: String
    }

    /// The bytes of the file at `path`, at most `maxBytes`. A directory, a FIFO or a device is refused before it is
    /// opened (a FIFO could block forever, a device never end); so is a larger file.
    static func bytes(at path: String, maxBytes: Int) throws(Problem) -> [UInt8] {
        // The type of what the path leads to: a symbolic link (a Kubernetes ConfigMap mount) is followed.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let attributes = try? FileManager.default.attributesOfItem(atPath: target)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            throw Problem(reason: type == .typeDirectory ? "it is a directory" : "it is not a regular file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Problem(reason: attributes != nil ? "permission denied" : "no such file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte more than the limit tells a file at the limit from a larger one.
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw Problem(reason: error.localizedDescription)
        }
        guard data.count <= maxBytes else {
            throw Problem(reason: "it is larger than \(maxBytes) bytes, the most it may have")
        }
        return [UInt8](data)
    }
}
