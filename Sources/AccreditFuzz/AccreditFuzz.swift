import Foundation
import FuzzTargets

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    private func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The target libFuzzer drives (set once, before the driver starts).
    nonisolated(unsafe) private var selected = FuzzTarget.canonicalJSON
#endif

/// `AccreditFuzz TARGET [libFuzzer options] [CORPUS…]`: fuzzes one target.
///
/// Built by `scripts/fuzz` with `-sanitize=fuzzer -DFUZZING`, it is libFuzzer (coverage-guided). Built plainly, it
/// runs a seeded mutation fuzzer over the corpus instead: `AccreditFuzz TARGET CORPUS --runs N --seed S`.
@main
struct AccreditFuzz {
    static func main() {
        var arguments = CommandLine.arguments
        // libFuzzer re-runs this binary for -merge and -jobs with the arguments it was given (the target name
        // taken out), so the target also travels in the environment.
        if arguments.count < 2 || FuzzTarget(rawValue: arguments[1]) == nil,
            let inherited = ProcessInfo.processInfo.environment["ACCREDIT_FUZZ_TARGET"]
        {
            arguments.insert(inherited, at: 1)
        }
        guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(
                Data("usage: AccreditFuzz TARGET [options] CORPUS… (targets: \(names))\n".utf8))
            exit(2)
        }
        #if FUZZING
            selected = target
            setenv("ACCREDIT_FUZZ_TARGET", target.rawValue, 1)
            var argv = [arguments[0]] + arguments.dropFirst(2)
            var pointers = argv.map { strdup($0) } + [nil]
            var count = CInt(argv.count)
            argv.removeAll()
            let status = pointers.withUnsafeMutableBufferPointer { buffer -> CInt in
                var base = buffer.baseAddress
                return runDriver(&count, &base) { data, size in
                    selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
                    return 0
                }
            }
            exit(status)
        #else
            exit(MutationRun(target: target, arguments: Array(arguments.dropFirst(2))).run())
        #endif
    }
}

/// The seeded mutation fuzzer, for builds without libFuzzer.
struct MutationRun {
    let target: FuzzTarget
    let arguments: [String]

    func run() -> Int32 {
        var runs = 10_000
        var seed: UInt64 = 1
        var folders: [String] = []
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--runs":
                runs = Int(arguments[safe: index + 1] ?? "") ?? runs
                index += 2
            case "--seed":
                seed = UInt64(arguments[safe: index + 1] ?? "") ?? seed
                index += 2
            default:
                folders.append(arguments[index])
                index += 1
            }
        }
        let corpus = FuzzCorpus.load(folders)
        guard !corpus.isEmpty else {
            FileHandle.standardError.write(Data("no corpus inputs in \(folders)\n".utf8))
            return 2
        }
        let tally = FuzzCorpus.run(target, corpus: corpus, mutations: runs, seed: seed)
        print(
            "\(target.rawValue): \(tally.corpus) corpus inputs (\(tally.corpusChecked) reached the properties) and "
                + "\(tally.mutations) mutations (\(tally.mutationsChecked)) (seed \(seed)) ran clean")
        return 0
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
