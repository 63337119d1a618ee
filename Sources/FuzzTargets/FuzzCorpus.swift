import Foundation

/// The committed fuzz corpus (`Fuzz/corpus/TARGET/`), and running a target over it with seeded mutations.
public enum FuzzCorpus {
    /// Every regular file under the folders, sorted by path so runs are repeatable.
    public static func load(_ folders: [String]) -> [[UInt8]] {
        var paths: [String] = []
        for folder in folders {
            let names = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
            for name in names {
                var isDirectory: ObjCBool = false
                let path = folder + "/" + name
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    paths.append(path)
                }
            }
        }
        return paths.sorted().compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
    }

    /// Runs every corpus input, then `mutations` seeded mutations of them.
    ///
    /// - Returns: How many inputs ran and how many of them reached the target's properties.
    @discardableResult
    public static func run(_ target: FuzzTarget, corpus: [[UInt8]], mutations: Int, seed: UInt64) -> FuzzTally {
        var tally = FuzzTally()
        for input in corpus {
            tally.corpus += 1
            if target.run(input) == .checked { tally.corpusChecked += 1 }
        }
        guard !corpus.isEmpty else { return tally }
        var mutator = Mutator(seed: seed)
        for round in 0..<mutations {
            let base = corpus[round % corpus.count]
            let other = corpus[Int(mutator.next() % UInt64(corpus.count))]
            tally.mutations += 1
            if target.run(mutator.mutate(base, other: other)) == .checked { tally.mutationsChecked += 1 }
        }
        return tally
    }
}
