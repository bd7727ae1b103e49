/**
 * The highest load `mmc` simulates. A run starts empty and forgets it only over the queue's
 * relaxation time τ (mmcRelaxationTime in mmc.action.ts), in which λτ = rho / (1 − sqrt(rho))^2
 * customers arrive whatever the number of servers (λ = rho·c·mu, τ = 1 / (c·mu (1 − sqrt(rho))^2)).
 * Wq's batches need ten of them, and a run holds at most 500 million (MMC_MIN_BATCHES and
 * MMC_MAX_CUSTOMERS in mmc.action.ts). At rho 0.9997 ten hold 444 million customers; above it
 * no run the command takes is long enough, and what it printed was far off: M/M/1,000,000 at
 * rho 0.999999 gave a P(wait) of 0.15 and a Wq of 5e-5 beside Erlang C's 0.9987 and 1.0, after
 * 10 million arrivals of warm-up (22 s on an idle machine, 127 s on a busy one). The relaxation
 * time of c > 1 servers is an assumption (mmcRelaxationTime says which).
 */
export const MMC_MAX_RHO = 0.9997;
