import ArgumentParser

/// The `laeval` command: evaluate DfE support to LA children's services.
public struct LAEvalCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "laeval",
        abstract: "Evaluate DfE support to local authority children's services, from official data to reports.",
        discussion: """
        Examples:
          laeval demo --out laeval-demo        simulate a study of every English LA and audit it
          laeval run my-study --out results    validate, audit and estimate impacts, with provenance
          laeval validate my-study             check a study folder and print every problem
          laeval scope my-study --out scope    data audit, power and which methods the data support
          laeval neighbours my-study --la E08000017   an LA's ten statistical neighbours
          laeval estimate ols --data panel.csv --outcome y --covariates x,factor(region)
          laeval power ttest --d 0.5 --power 0.8      sample size per group for a two-sample t test
        """,
        version: LAEvalVersion.current,
        subcommands: [DemoCommand.self, RunCommand.self, ValidateCommand.self, ImportCommand.self, ScopeCommand.self, ValueForMoneyCommand.self, NeighboursCommand.self, EstimateCommand.self,
                      PowerCommand.self]
    )

    public init() {}
}

public enum LAEvalVersion {
    public static let current = "0.1.0"
}
