/// How search shows endpoints the caller may not invoke: marked as not allowed (the default, so the agent learns
/// they exist and why it cannot call them) or left out.
public enum PolicyVisibility: String, Sendable, CaseIterable {
    case mark, hide
}
