from svassessor.cli import main

main()
