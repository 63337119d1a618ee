import AccreditEngine
import Statecharts
import Testing

/// The built-in functions are answered before the host's: no host function may share a name with one, or it could
/// never be called.
struct BuiltinFunctionNameTests {
    @Test func noHostFunctionSharesABuiltInsName() {
        #expect(Expression.builtinFunctions.isDisjoint(with: CaseHostFunctions.names))
        #expect(Expression.builtinFunctions.isDisjoint(with: AwardScope.functionNames))
    }
}
