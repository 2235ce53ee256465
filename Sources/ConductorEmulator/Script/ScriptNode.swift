import ConductorMCPCore

/// An expression of the script subset.
indirect enum ScriptNode: Sendable {
    case literal(JSONValue)
    case undefined
    case identifier(String, offset: Int)
    case member(ScriptNode, ScriptNode)
    case unary(String, ScriptNode)
    case binary(String, ScriptNode, ScriptNode)
    case logical(isAnd: Bool, ScriptNode, ScriptNode)
    case conditional(ScriptNode, ScriptNode, ScriptNode)
    case call(ScriptNode, [ScriptNode], offset: Int)
    case function([ScriptStatement])
    case array([ScriptNode])
    case object([(String, ScriptNode)])
    case assignment(String, ScriptNode)
}
