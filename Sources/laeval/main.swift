import LAEvalCLI
LAEvalCommand.main()
