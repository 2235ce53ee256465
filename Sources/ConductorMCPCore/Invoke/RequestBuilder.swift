import Foundation

/// Turns `invoke` arguments into the exact request the spec allows, or into the list of everything wrong with them.
///
/// Each name in `params` is routed to the path, the query, a header or a cookie by the endpoint's parameters; values
/// are checked against their schemas (after the coercions described on `ParameterCoercion`) and serialised per
/// style and explode. Every problem is collected, so one answer lists them all.
struct RequestBuilder {
    /// A request ready to be addressed to a server: everything but the base URL and the credentials.
    struct Plan: Sendable {
        /// Upper-case method.
        var method: String
        /// The path with parameters substituted and encoded, and the query string, if any.
        var pathAndQuery: String
        /// Header and cookie parameters, and the body's Content-Type.
        var headers: [HeaderField]
        /// The body bytes.
        var body: [UInt8]?
        /// The body as given, for dry runs and messages.
        var bodyValue: JSONValue?
        /// Doubts that did not stop the request.
        var warnings: [ValidationProblem]
    }

    /// The outcome of building: a plan, or the problems that prevent one.
    enum Result {
        case plan(Plan)
        /// What is wrong, and whether the checks stopped early (`SchemaValidator.maxSteps`), so that more may be.
        case problems([ValidationProblem], warnings: [ValidationProblem], partial: Bool = false)
    }

    let index: EndpointIndex

    /// Most unknown-parameter problems listed; the count of the rest is given (arguments come from a model and may
    /// hold thousands of names). Below `InvokeError.maxListedProblems`, so the count is listed too.
    static let maxProblems = 20

    /// Adds a problem for each number in `value` too large for a double (parsed as infinity, written as null), at
    /// most `maxProblems`.
    static func unsendableNumbers(_ value: JSONValue, at location: String, into problems: inout [ValidationProblem]) {
        guard problems.count < maxProblems else { return }
        switch value {
        case .double(let number):
            if !number.isFinite {
                problems.append(
                    ValidationProblem(location, "is a number too large for a double; it would be sent as null"))
            }
        case .array(let elements):
            for (position, element) in elements.enumerated() {
                unsendableNumbers(element, at: "\(location)/\(position)", into: &problems)
            }
        case .object(let object):
            for member in object.members {
                unsendableNumbers(member.value, at: "\(location)/\(TextBounds.shortened(member.key))", into: &problems)
            }
        default:
            break
        }
    }

    /// Builds the request for `endpoint`.
    func build(_ endpoint: Endpoint, params: JSONObject, body: JSONValue?) -> Result {
        var problems: [ValidationProblem] = []
        var warnings: [ValidationProblem] = []
        let validator = SchemaValidator(index: index)

        // Names the endpoint does not take.
        let names = Set(endpoint.parameters.map(\.name))
        let unknown = params.keys.filter { !names.contains($0) }
        for key in unknown.prefix(Self.maxProblems) {
            problems.append(
                ValidationProblem("params.\(TextBounds.shortened(key))", unknownParameterMessage(key, endpoint)))
        }
        if unknown.count > Self.maxProblems {
            problems.append(
                ValidationProblem("params", "\(unknown.count - Self.maxProblems) more names the endpoint does not take")
            )
        }

        // One dictionary, so that looking up each parameter does not scan every given name.
        let givenByName = Dictionary(params.members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        var path = endpoint.path
        var query: [String] = []
        var headers: [HeaderField] = []
        var cookies: [String] = []
        for parameter in endpoint.parameters {
            let location = "params.\(parameter.name)"
            guard let given = givenByName[parameter.name], given != .null else {
                if parameter.required {
                    let type = validator.label(validator.view(of: parameter.schema))
                    problems.append(
                        ValidationProblem(
                            location, "required \(parameter.location.rawValue) parameter missing (\(type))"))
                }
                continue
            }
            let coercion = ParameterCoercion(validator: validator)
            let value: JSONValue
            switch coercion.coerce(given, to: parameter.schema, at: location) {
            case .failure(let failure):
                problems.append(failure.problem)
                continue
            case .success(let coerced):
                value = coerced
            }
            let findings = validator.check(value, parameter.schema, at: location)
            problems += findings.errors
            warnings += findings.warnings
            if !findings.errors.isEmpty { continue }

            switch parameter.location {
            case .path:
                if value.isContainer, parameter.style == nil, !validator.view(of: parameter.schema).declaresContainer {
                    problems.append(
                        ValidationProblem(
                            location,
                            "is \(value.typeName), but the spec declares neither an array or object type nor a style "
                                + "for this path parameter, so how to write it in the path is unknown; give a string"))
                    continue
                }
                switch ParameterEncoding.pathValue(
                    value, name: parameter.name, style: parameter.style, explode: parameter.explode ?? false)
                {
                case .failure(let error): problems.append(ValidationProblem(location, error.message))
                case .success(let encoded): path = path.replacingOccurrences(of: "{\(parameter.name)}", with: encoded)
                }
            case .query:
                // Spring's HiddenHttpMethodFilter reads `_method` as the method: the policy decided on another.
                if parameter.name.lowercased() == "_method" {
                    problems.append(
                        ValidationProblem(
                            location, "a _method parameter overrides the method on some servers; leave it out"))
                    continue
                }
                query += ParameterEncoding.queryPairs(
                    name: parameter.name, value: value, style: parameter.style ?? "form",
                    explode: parameter.explode ?? ((parameter.style ?? "form") == "form"))
            case .header:
                let text = ParameterEncoding.plainText(value)
                if HeaderRules.refusedAsParameter(parameter.name) {
                    problems.append(
                        ValidationProblem(
                            location,
                            "the header \(TextBounds.shortened(parameter.name)) is set by the HTTP client or trusted by "
                                + "proxies for who is calling, not given by a parameter; leave it out"))
                } else if let problem = HeaderRules.nameProblem(parameter.name) {
                    problems.append(
                        ValidationProblem(location, "the document names this header parameter badly: \(problem)"))
                } else if let problem = HeaderRules.valueProblem(text) {
                    problems.append(ValidationProblem(location, problem))
                } else {
                    headers.append(HeaderField(parameter.name, text))
                }
            case .cookie:
                cookies.append(
                    "\(parameter.name)=\(ParameterEncoding.percentEncoded(ParameterEncoding.plainText(value)))")
            }
        }
        if !cookies.isEmpty { headers.append(HeaderField("Cookie", cookies.joined(separator: "; "))) }

        // A number too large for a double is refused, never changed on the way (1e400 would be sent as null). An
        // integer past 64 bits becomes a rounded double when parsed; where the schema says integer, the type check
        // refuses it.
        for member in params.members.prefix(Self.maxProblems) {
            Self.unsendableNumbers(member.value, at: "params.\(TextBounds.shortened(member.key))", into: &problems)
        }
        if let body { Self.unsendableNumbers(body, at: "body", into: &problems) }

        var bodyBytes: [UInt8]?
        switch buildBody(endpoint, body: body, params: params, validator: validator) {
        case .failure(let found):
            problems += found.errors
            warnings += found.warnings
        case .success(let built):
            warnings += built.warnings
            if let built = built.payload {
                bodyBytes = built.bytes
                headers.append(HeaderField("Content-Type", built.contentType))
            }
        }

        let partial = validator.budget.exhausted
        guard problems.isEmpty else { return .problems(problems, warnings: warnings, partial: partial) }
        if partial { warnings.append(ValidationProblem("request", SchemaValidator.partlyChecked)) }
        let pathAndQuery = query.isEmpty ? path : path + "?" + query.joined(separator: "&")
        return .plan(
            Plan(
                method: endpoint.method, pathAndQuery: pathAndQuery, headers: headers, body: bodyBytes,
                bodyValue: body == .null ? nil : body, warnings: warnings))
    }

    private func unknownParameterMessage(_ key: String, _ endpoint: Endpoint) -> String {
        let names = endpoint.parameters.map(\.name)
        var message = "\(endpoint.key) has no parameter \"\(TextBounds.shortened(key))\""
        if let nearest = SchemaValidator.nearest(key, in: names) {
            message += "; did you mean \"\(nearest)\"?"
        } else {
            message += "."
        }
        if let media = endpoint.requestBody?.preferred {
            let view = SchemaValidator(index: index).view(of: media.schema)
            if view.property(key) != nil {
                message += " \"\(key)\" is a member of the body: put it in body, not params."
            }
        }
        message += names.isEmpty ? " It takes no parameters." : " Its parameters: \(names.joined(separator: ", "))."
        return message
    }

    // MARK: - Body

    private struct BuiltBody {
        var payload: (bytes: [UInt8], contentType: String)?
        var warnings: [ValidationProblem]
    }

    private func buildBody(_ endpoint: Endpoint, body: JSONValue?, params: JSONObject, validator: SchemaValidator)
        -> Swift.Result<BuiltBody, BodyFindings>
    {
        let given = body == .null ? nil : body
        guard let requestBody = endpoint.requestBody, let media = requestBody.preferred else {
            guard given != nil else { return .success(BuiltBody(payload: nil, warnings: [])) }
            var message = "\(endpoint.key) takes no body; remove it"
            if case .object(let object) = given!, !endpoint.parameters.isEmpty,
                object.keys.allSatisfy({ key in endpoint.parameters.contains { $0.name == key } })
            {
                message += " (its members are parameters of this endpoint: put them in params)"
            }
            return .failure(BodyFindings(errors: [ValidationProblem("body", message)]))
        }
        guard let value = given else {
            if requestBody.required {
                let type = validator.label(validator.view(of: media.schema))
                return .failure(
                    BodyFindings(errors: [ValidationProblem("body", "required body missing (\(type), \(media.name))")]))
            }
            return .success(BuiltBody(payload: nil, warnings: []))
        }

        let mediaName = media.name.lowercased()
        let essence = mediaName.split(separator: ";").first.map(String.init) ?? mediaName
        let view = validator.view(of: media.schema)
        let takesString = view.types == ["string"] && view.format != "binary"

        if essence.hasPrefix("multipart/") {
            return .failure(
                BodyFindings(errors: [
                    ValidationProblem("body", "\(media.name) bodies (file uploads) cannot be sent")
                ]))
        }
        if essence == "application/x-www-form-urlencoded" {
            guard case .object(let object) = value else {
                return .failure(
                    BodyFindings(errors: [
                        ValidationProblem("body", "expected an object of form fields, got \(value.typeName)")
                    ]))
            }
            // Spring's HiddenHttpMethodFilter reads a form's `_method` as the method, as it does the query's.
            if let field = object.keys.first(where: { $0.lowercased() == "_method" }) {
                return .failure(
                    BodyFindings(errors: [
                        ValidationProblem(
                            "body.\(field)", "a _method form field overrides the method on some servers; leave it out")
                    ]))
            }
            let findings = validator.check(value, media.schema, at: "body")
            if !findings.errors.isEmpty {
                return .failure(BodyFindings(errors: findings.errors, warnings: findings.warnings))
            }
            let form = object.members.flatMap {
                ParameterEncoding.queryPairs(name: $0.key, value: $0.value, style: "form", explode: true)
            }
            return .success(
                BuiltBody(payload: (Array(form.joined(separator: "&").utf8), media.name), warnings: findings.warnings))
        }
        // A string body (`@RequestBody String` in Conductor's controllers, a text/plain or octet-stream body) goes as
        // its raw text: Spring's StringHttpMessageConverter hands the bytes to the controller as they are, so a JSON
        // string literal would arrive with its quotes. Conductor's own SDKs send it raw too.
        // A media type that is not JSON (`application/xml`) takes its text as a string too: a JSON value is never
        // sent under another type's name.
        let notJSON = !MediaType.isJSON(media.name) && essence != "*/*"
        if takesString || essence.hasPrefix("text/") || essence == "application/octet-stream" || notJSON {
            let text: String
            let isScalar = value.doubleValue != nil || value.boolValue != nil
            if case .string(let string) = value {
                text = string
            } else if isScalar, !takesString {
                text = value.jsonText
            } else {
                let what = takesString ? "a string (sent as raw text)" : "a string for this \(media.name) body"
                return .failure(
                    BodyFindings(errors: [
                        ValidationProblem(
                            "body", "expected \(what), got \(value.typeName) \(SchemaValidator.preview(value))")
                    ]))
            }
            if takesString {
                let findings = validator.check(.string(text), media.schema, at: "body")
                if !findings.errors.isEmpty { return .failure(BodyFindings(errors: findings.errors)) }
            }
            let contentType =
                essence.hasPrefix("text/") && !mediaName.contains("charset")
                ? media.name + "; charset=utf-8" : Self.contentType(media.name)
            return .success(BuiltBody(payload: (Array(text.utf8), contentType), warnings: []))
        }
        let findings = validator.check(value, media.schema, at: "body")
        if !findings.errors.isEmpty {
            return .failure(BodyFindings(errors: findings.errors, warnings: findings.warnings))
        }
        return .success(
            BuiltBody(payload: (Array(value.jsonText.utf8), Self.contentType(media.name)), warnings: findings.warnings))
    }

    /// springdoc writes `*/*` where it means JSON.
    static func contentType(_ media: String) -> String {
        media == "*/*" ? "application/json" : media
    }

    struct BodyFindings: Error {
        var errors: [ValidationProblem]
        var warnings: [ValidationProblem] = []
    }
}
