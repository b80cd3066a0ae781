"""Who may be assessed (DESIGN §3): the rubric's eligibility rules and the officer's screening, as pure
functions over an application's stored fields, and the due diligence shown beside them.

Nothing here touches the file: `svassessor.repository.screenings` reads the fields and the officer's
answers and hands them in, so the window, the command line and every report give the same result in
the same words.
"""
