import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// `workflow.unreachable-state` and `workflow.no-final-reachable`, on the state graph with guards ignored.
    mutating func checkGraph() {
        let reached = reachableStates()
        // An untargeted <history> is only unused, not a state a case could be stuck out of.
        for (index, entry) in entries.enumerated() where !reached[index] && !Self.isHistory(entry.node) {
            let kind = Self.elementName(entry.node)
            report(
                entry.node.line, "workflow.unreachable-state",
                "\(kind) '\(entry.node.id)' can never be entered: no transition, initial or history leads to it")
        }
        let topFinals = entries.indices.filter { entries[$0].parent == nil && entries[$0].node.kind == .final }
        guard !topFinals.isEmpty else {
            report(
                document.line, "workflow.no-final-reachable",
                "the workflow has no top-level <final> state, so no case can ever end: add one such as 'closed'")
            return
        }
        let ends = statesThatCanEnd()
        for (index, entry) in entries.enumerated() where reached[index] && !ends[index] {
            guard !Self.isHistory(entry.node) else { continue }
            report(
                entry.node.line, "workflow.no-final-reachable",
                "no top-level final state can be reached from '\(entry.node.id)': a case entering it never ends; "
                    + "add a transition out of it or out of an ancestor")
        }
    }

    /// The indices of the states a case can enter, guards ignored.
    ///
    /// A state can be active without having been entered by default (its ancestors, when a transition targets a
    /// descendant), so the two are told apart: a later default entry of such a state still enters its initial
    /// child. A shallow history enters by default whichever child of its parent it restores; a deep history
    /// restores only states already reached.
    func reachableStates() -> [Bool] {
        var reached = Array(repeating: false, count: entries.count)
        var enteredByDefault = Array(repeating: false, count: entries.count)
        var queue: [Int] = []
        func reach(_ index: Int) {
            guard !reached[index] else { return }
            reached[index] = true
            queue.append(index)
        }
        func enter(_ index: Int) {
            guard !enteredByDefault[index] else { return }
            enteredByDefault[index] = true
            reach(index)
            for child in defaultEntry(index) { enter(child) }
            // The other regions of each parallel ancestor are entered by default, even if reached before.
            var onPath = index
            var current = entries[index].parent
            while let ancestor = current {
                reach(ancestor)
                if entries[ancestor].node.kind == .parallel {
                    for region in childIndices(ancestor) where region != onPath { enter(region) }
                }
                onPath = ancestor
                current = entries[ancestor].parent
            }
        }
        for start in initialStates() { enter(start) }
        var position = 0
        var settled = false
        while !settled {
            while position < queue.count {
                let index = queue[position]
                position += 1
                for edge in edgesBySource[index] {
                    for target in edge.transition.targets { indexByID[target].map(enter) }
                }
            }
            // Shallow histories restore any child of their parent reached so far, entering it by default.
            for (index, entry) in entries.enumerated()
            where reached[index] && entry.node.kind == .history(deep: false) {
                guard let parent = entry.parent else { continue }
                for child in childIndices(parent) where reached[child] { enter(child) }
            }
            settled = position == queue.count
        }
        return reached
    }

    /// For each state, whether some top-level final state can follow it.
    func statesThatCanEnd() -> [Bool] {
        var ends = entries.map { $0.parent == nil && $0.node.kind == .final }
        var predecessors = Array(repeating: [Int](), count: entries.count)
        // For each region of a parallel, the targets of the transitions of the states in it.
        var withinRegion: [Int: [Int]] = [:]
        for index in entries.indices {
            var region = index
            var ancestor = entries[index].parent
            while let state = ancestor {
                if entries[state].node.kind == .parallel {
                    withinRegion[region, default: []] += edgesBySource[index].flatMap {
                        $0.transition.targets.compactMap { indexByID[$0] }
                    }
                }
                region = state
                ancestor = entries[state].parent
            }
        }
        for index in entries.indices {
            for successor in successors(index, withinRegion: withinRegion) { predecessors[successor].append(index) }
        }
        var queue = entries.indices.filter { ends[$0] }
        while let index = queue.popLast() {
            for predecessor in predecessors[index] where !ends[predecessor] {
                ends[predecessor] = true
                queue.append(predecessor)
            }
        }
        return ends
    }

    /// The states that may follow `index`: its and its ancestors' transition targets, its children, and, inside a
    /// `<parallel>`, the targets of the transitions of the other regions' states (which may leave it).
    /// - Parameter withinRegion: For each region of a `<parallel>`, the targets of its states' transitions.
    func successors(_ index: Int, withinRegion: [Int: [Int]]) -> [Int] {
        var result = childIndices(index)
        var onPath = index
        var current: Int? = index
        while let state = current {
            for edge in edgesBySource[state] {
                result += edge.transition.targets.compactMap { indexByID[$0] }
            }
            if entries[state].node.kind == .parallel {
                for region in childIndices(state) where region != onPath { result += withinRegion[region] ?? [] }
            }
            onPath = state
            current = entries[state].parent
        }
        if Self.isHistory(entries[index].node), let parent = entries[index].parent {
            result += entries.indices.filter { isDescendant($0, of: parent) && $0 != index }
        }
        return result
    }

    /// The document's initial states: `initial`, or the first child.
    func initialStates() -> [Int] {
        if !document.initial.isEmpty { return document.initial.compactMap { indexByID[$0] } }
        return entries.indices.first { entries[$0].parent == nil }.map { [$0] } ?? []
    }

    /// The states entered when `index` is entered by default (or, for history, its default).
    func defaultEntry(_ index: Int) -> [Int] {
        let node = entries[index].node
        switch node.kind {
        case .parallel:
            return childIndices(index)
        case .history:
            return node.transitions.flatMap(\.targets).compactMap { indexByID[$0] }
        case .final:
            return []
        case .state:
            if let initial = node.initialTransition { return initial.targets.compactMap { indexByID[$0] } }
            if !node.initial.isEmpty { return node.initial.compactMap { indexByID[$0] } }
            return childIndices(index).prefix(1).map { $0 }
        }
    }
}
