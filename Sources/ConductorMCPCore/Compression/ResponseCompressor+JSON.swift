extension ResponseCompressor {
    /// Projects, prunes and renders a JSON value at the gentlest level that fits the budget.
    func compressJSON(_ value: JSONValue, originalChars: Int, notes: [String], options: Options) -> Output {
        var leading = notes
        var trailing: [String] = []
        var value = value
        var projected = false
        var requested = Set<String>()
        if let fields = options.fields, !fields.isEmpty {
            var paths: [FieldPath] = []
            for field in fields {
                do throws(FieldProjectionError) {
                    paths.append(try FieldPath(parsing: field))
                } catch {
                    trailing.append(error.errorDescription ?? "fields: invalid path \"\(field)\"")
                }
            }
            if !paths.isEmpty {
                let result = FieldProjection(paths: paths).apply(to: value)
                trailing.append(contentsOf: result.unmatched)
                if let kept = result.value {
                    value = kept
                    projected = true
                    requested = Set(paths.map(\.description))
                } else {
                    let shown = paths.map { "\"\($0.description)\"" }.joined(separator: ", ")
                    let text = "(no field matched fields=[\(shown)])"
                    var output = finish(
                        text: text, json: nil, notes: leading + trailing, hint: nil, originalChars: originalChars,
                        options: options)
                    if (options.offset ?? 0) > 0 { output.pageNote = "offset ignored: the fields kept no list" }
                    return output
                }
            }
        }
        var pruner = EmptyValuePruner()
        var pruned = pruner.prune(value)
        if pruner.removed > 0 {
            leading.append("\(pruner.removed) null/empty field\(pruner.removed == 1 ? "" : "s") dropped")
        }
        // The list pages are taken from is the main list of what the projection kept, empty elements dropped (so an
        // offset counts the elements shown), named once: slicing it may leave another list the longest.
        var mainListPath = Self.mainList(of: pruned)?.path
        var pageNote: String?
        if let offset = options.offset, offset > 0 {
            let paged = Self.page(pruned, from: offset)
            pruned = paged.value
            mainListPath = paged.path
            pageNote = paged.note
        }

        let renderer = CompactTextRenderer()
        let budget = options.maxChars
        let ladder = CompressionLevel.ladder(for: options)
        var fullLength = 0
        // Attempts are not kept: each holds a rendering of the whole value, and a large body would hold several.
        func attempt(_ index: Int) -> Attempt {
            var shaper = JSONShaper(level: ladder[index], requested: requested)
            let shaped = shaper.shape(pruned)
            let text = renderer.render(shaped)
            if index == 0 { fullLength = text.count }
            let all = leading + shaper.ledger.notes + trailing
            let advice = self.hint(
                ledger: shaper.ledger, fullLength: fullLength, projected: projected, budget: budget,
                names: options.names, surrounding: options.surroundingChars)
            let footer =
                all.isEmpty
                ? ""
                : CompressionFooter(title: title(originalChars), notes: all, hint: advice)
                    .text(limit: footerLimit(budget))
            return Attempt(text: text, shaped: shaped, ledger: shaper.ledger, notes: all, footer: footer)
        }
        // Levels only ever tighten, so the rendered length falls from one to the next: the gentlest level that
        // fits is found by bisection, in a handful of renderings instead of one per level.
        var chosen: Attempt? = attempt(0)
        if chosen?.fits(budget) != true {
            chosen = nil
            var low = 1
            var high = ladder.count - 1
            while low <= high {
                let middle = (low + high) / 2
                let tried = attempt(middle)
                if tried.fits(budget) {
                    chosen = tried
                    high = middle - 1
                } else {
                    low = middle + 1
                }
            }
        }
        if let done = chosen {
            return Output(
                text: join(done.text, done.footer), json: done.shaped.jsonValue, elided: done.notes,
                originalChars: originalChars, listShown: mainListPath.flatMap { done.ledger.shown(at: $0) },
                pageNote: pageNote)
        }
        let strongest = attempt(ladder.count - 1)
        let last = (strongest.text, strongest.shaped.jsonValue, strongest.ledger)
        // Even the strongest level is over budget (a huge flat object, say): cut the text at a line boundary.
        let (text, json, ledger) = last
        let all =
            leading + ledger.notes + trailing + [
                "output cut to fit \(options.names.maxChars)=\(budget): the strongest compression still needed "
                    + "\(text.count) chars"
            ]
        let hint = hint(
            ledger: ledger, fullLength: fullLength, projected: projected, budget: budget, names: options.names,
            surrounding: options.surroundingChars)
        let footer = CompressionFooter(title: title(originalChars), notes: all, hint: hint).text(
            limit: footerLimit(budget))
        let marker = "… (cut)"
        var room = budget - footer.count - 1 - marker.count - 1
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.count + 1 <= room else { break }
            kept.append(line)
            room -= line.count + 1
        }
        var body = kept.joined(separator: "\n")
        if kept.isEmpty { body = String(text.prefix(max(room, 0))) }
        let result = join(body + (body.isEmpty ? "" : "\n") + marker, footer)
        return Output(
            text: String(result.prefix(budget)), json: json, elided: all, originalChars: originalChars,
            pageNote: pageNote)
    }

    private func finish(
        text: String, json: JSONValue?, notes: [String], hint: String?, originalChars: Int, options: Options
    ) -> Output {
        let footer =
            notes.isEmpty
            ? ""
            : CompressionFooter(title: title(originalChars), notes: notes, hint: hint)
                .text(limit: footerLimit(options.maxChars))
        return Output(
            text: String(join(text, footer).prefix(options.maxChars)), json: json, elided: notes,
            originalChars: originalChars)
    }

    /// The footer gets a third of the budget, at most 2,000 characters, and at least 120 while that is half.
    private func footerLimit(_ budget: Int) -> Int { max(min(budget / 3, 2000), min(budget / 2, 120)) }

    private func title(_ originalChars: Int) -> String {
        "compressed from \(originalChars) chars; left out:"
    }

    /// How to see more: the paths to project and the budget the least-compressed view needs.
    private func hint(
        ledger: ElisionLedger, fullLength: Int, projected: Bool, budget: Int, names: ToolNames, surrounding: Int
    ) -> String? {
        var parts: [String] = []
        let suggestions = ledger.suggestedFields
        if !suggestions.isEmpty {
            let list = suggestions.map { "\"\($0)\"" }.joined(separator: ", ")
            parts.append("\(names.fields)=[\(list)] shows just those paths")
        } else if !projected, !ledger.isEmpty {
            parts.append("\(names.fields)=[...] narrows the answer to the paths you need")
        }
        if fullLength > budget {
            // The whole text, room for its footer (about 200 characters: the nulls-dropped note and the title), and
            // what the caller adds around it, rounded up to a thousand.
            let needed = (fullLength + 200 + surrounding + 999) / 1000 * 1000
            let ceiling = ResponseCompressor.Options.maximumMaxChars
            parts.append(
                needed <= ceiling
                    ? "\(names.maxChars)=\(needed) shows everything except nulls"
                    : "even \(names.maxChars)=\(ceiling), the most, cannot show all \(fullLength) chars: ask for fewer "
                        + "items (filters, paging) or name the \(names.fields) you need")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// One rendering at one level, with the footer it would carry.
private struct Attempt {
    /// The rendered text, without footer.
    var text: String
    /// The shaped value it was rendered from (for the structured JSON).
    var shaped: ShapedValue
    /// What this level left out.
    var ledger: ElisionLedger
    /// Every note: leading (pruning, HTTP cut), the ledger's, trailing (projection).
    var notes: [String]
    /// The footer for these notes, within the footer's share of the budget.
    var footer: String

    /// Whether text and footer together fit `budget` characters.
    func fits(_ budget: Int) -> Bool {
        text.count + (footer.isEmpty ? 0 : footer.count + 1) <= budget
    }
}
