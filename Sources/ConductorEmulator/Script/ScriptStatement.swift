/// A statement of the script subset.
indirect enum ScriptStatement: Sendable {
    case expression(ScriptNode)
    case declaration(String, ScriptNode?)
    case conditional(ScriptNode, [ScriptStatement], [ScriptStatement]?)
    case block([ScriptStatement])
    case returning(ScriptNode?)
}
