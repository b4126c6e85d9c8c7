package io.riberry.platform.processor;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the live processes of one instance that take work (heard within the timeout, not closing)
 * can run: whether there is any, and the forms they serve. A process whose heartbeats list no
 * forms (a worker from before forms were reported) counts as serving every form.
 */
record LiveProcesses(boolean any, boolean everyForm, SortedSet<String> forms) {

    static final LiveProcesses NONE = new LiveProcesses(false, false, Collections.emptySortedSet());

    LiveProcesses {
        forms = Collections.unmodifiableSortedSet(new TreeSet<>(forms));
    }

    /** Adds a live process serving {@code itsForms}. */
    LiveProcesses with(final Collection<String> itsForms) {
        final SortedSet<String> union = new TreeSet<>(forms);
        union.addAll(itsForms);
        return new LiveProcesses(true, everyForm || itsForms.isEmpty(), union);
    }

    /**
     * Whether the processes there are cannot run {@code form}: there is at least one, each listed
     * its forms, and none listed this one. No process at all refuses nothing (the work waits for
     * one), nor does a form that is not known (an execution queued before forms were recorded).
     */
    boolean refuse(final String form) {
        return any && !everyForm && !form.isEmpty() && !forms.contains(form);
    }
}
