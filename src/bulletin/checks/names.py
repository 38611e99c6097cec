"""Common given names in England and Wales, for spotting a real name beside a pseudonym.

Only names that are not also everyday words or safeguarding terms ("Will", "Grace",
"Hope", "May", "Mark", "Faith" are left out), so Title Case phrases such as "Child
Protection" or "Early Help" never match. The list is a heuristic, not a register.
"""

GIVEN_NAMES = frozenset("""
Aaron Abigail Adam Adrian Aidan Aimee Alan Albert Alex Alexander Alexandra Alfie Alice
Alison Amanda Amber Amelia Amy Andrew Angela Anna Anne Anthony Archie Arthur Ashley Ava
Barbara Beatrice Ben Benjamin Beth Bethany Bradley Brandon Brian Caitlin Callum Cameron
Carl Carol Caroline Catherine Charles Charlie Charlotte Chelsea Chloe Christine
Christopher Claire Connor Craig Daisy Daniel Danielle David Dean Deborah Declan Denise
Dylan Edward Eleanor Elizabeth Ella Ellie Elliot Emily Emma Ethan Evie Finley Florence
Freddie Freya Gary Gemma George Georgia Graham Hannah Harley Harriet Harrison Harry
Harvey Hayley Helen Henry Holly Isaac Isabel Isabella Isabelle Isla Jack Jacob Jade
James Jamie Jane Janet Jason Jasmine Jayden Jennifer Jessica Joanne Joe John Jonathan
Jordan Joseph Joshua Julie Karen Kate Katie Kayla Keith Kelly Kevin Kieran Kirsty
Kyle Lacey Laura Lauren Leah Lee Leo Lewis Liam Lily Lisa Logan Louis Louise Lucas Lucy
Luke Lydia Mason Matilda Matthew Megan Melissa Mia Michael Michelle Millie Mohammed
Mohammad Muhammad Molly Nathan Neil Nicholas Nicola Niamh Noah Oliver Olivia Oscar Owen
Paige Patricia Paul Peter Phoebe Poppy Rachel Rebecca Reece Rhys Richard Riley Robert
Rosie Ruby Ryan Samantha Samuel Sarah Scarlett Scott Sean Shannon Sharon Sienna Simon
Sofia Sophia Sophie Stacey Stephen Steven Stuart Susan Tanya Teresa Thomas Tilly Toby
Tom Tommy Tracey Tyler Victoria Wayne William Zachary Zara Zoe
""".split())
