import multiprocessing

from svassessor.cli import main

if __name__ == "__main__":
    # A merge reads returned files in worker processes; in the built app they start through here.
    multiprocessing.freeze_support()
    main()
